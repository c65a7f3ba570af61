using SmsPortal.Rules.Engine;

namespace SmsPortal.RuleSets;

/// <summary>What the test console asks for: a message, its sender and what the portal would know about the contact.</summary>
public sealed class RuleTestInput
{
    public string Message { get; set; } = "";
    public string Sender { get; set; } = "";
    public string? ContactName { get; set; }
    public bool IsNewContact { get; set; }
    public bool IsOptedOut { get; set; }
    public string Tags { get; set; } = "";
    public string? EndpointId { get; set; }

    public RuleFact ToFact(DateTimeOffset receivedAt) => new(
        new MessageFact(Message, EndpointId ?? "", receivedAt),
        new ContactFact
        {
            Number = Sender.Trim(),
            Name = string.IsNullOrWhiteSpace(ContactName) ? null : ContactName.Trim(),
            IsNew = IsNewContact,
            IsOptedOut = IsOptedOut,
            Tags = TextList.Parse(Tags),
        });
}

namespace SmsPortal.Api;

/// <summary>A message as the API shows it, inbound or outbound.</summary>
/// <param name="Id"><c>msg_…</c> (received) or <c>out_…</c> (sent).</param>
/// <param name="Direction"><c>inbound</c> or <c>outbound</c>.</param>
/// <param name="Status">inbound: <c>received</c>, <c>processed</c>, <c>failed</c>; outbound: <c>queued</c>, <c>sending</c>, <c>sent</c>, <c>delivered</c>, <c>failed</c>.</param>
/// <param name="History">Each status the message reached and when, oldest first (only on <c>GET /messages/{id}</c>).</param>
public sealed record ApiMessage(
    string Id, string Direction, Guid? ContactId, string? From, string? To, string Text, string Status, DateTimeOffset CreatedAt,
    string? FailureReason = null, IReadOnlyList<ApiStatusChange>? History = null);

public sealed record ApiStatusChange(string Status, DateTimeOffset At);

/// <param name="To">The recipient: E.164 (<c>+15551234567</c>), or a national number in the workspace's default region.</param>
/// <param name="Text">At most 1600 characters.</param>
public sealed record SendMessageRequest(string To, string Text);

/// <summary>A conversation: one per contact.</summary>
public sealed record ApiConversation(
    Guid Id, string Number, string? Name, DateTimeOffset LastMessageAt, string? LastMessagePreview, int UnreadCount, bool OptedOut);

public sealed record ApiConversationDetail(ApiConversation Conversation, ApiPage<ApiMessage> Messages);

public sealed record ApiContact(
    Guid Id, string Number, string? Name, IReadOnlyList<string> Tags, bool OptedOut, DateTimeOffset? OptedOutAt, DateTimeOffset CreatedAt,
    int InboundCount);

/// <param name="Number">E.164, or a national number in the workspace's default region.</param>
public sealed record CreateContactRequest(string Number, string? Name, IReadOnlyList<string>? Tags);

/// <summary>Fields left out (null) are left as they are; <c>tags</c> replaces the whole set.</summary>
public sealed record UpdateContactRequest(string? Name, IReadOnlyList<string>? Tags);

/// <summary>What the test console is asked: a message and who sent it.</summary>
public sealed record RuleTestRequest(string Message, string Sender, string? ContactName, bool IsNewContact, bool IsOptedOut, IReadOnlyList<string>? Tags, string? EndpointId);

public sealed record RuleTestResult(IReadOnlyList<RuleTestActivation> Activations);

public sealed record RuleTestActivation(string RuleId, string RuleName, string? Keyword, IReadOnlyList<RuleTestAction> Actions);

public sealed record RuleTestAction(string Kind, string? Text, string? Tag, string? Url, string? Team);

public sealed record ApiEndpoint(string Id, string Name, string? Description, bool Enabled, string Format, string Path, DateTimeOffset CreatedAt);

/// <param name="Format"><c>native</c> (default), <c>standardwebhooks</c>, <c>smsgate</c>, <c>textbee</c>, <c>twilio</c> or <c>httpsms</c>.</param>
public sealed record CreateEndpointRequest(string Name, string? Description, string? Format);

/// <summary>The secret is shown in this answer only.</summary>
public sealed record ApiEndpointSecret(string Id, string Path, string Secret, IReadOnlyList<DateTimeOffset> PreviousSecretsValidUntil);

/// <param name="GraceHours">How long the previous secret stays valid (0 revokes it now; default 24).</param>
public sealed record RotateEndpointRequest(double? GraceHours);

/// <param name="Events">Any of message.received, message.sent, message.delivered, message.failed, contact.opted_out, contact.opted_in, ticket.opened.</param>
public sealed record CreateEventWebhookRequest(string Url, IReadOnlyList<string>? Events, string? Description);

using SmsPortal.Common;

namespace SmsPortal.ApiKeys;

/// <summary>What an API key may do. <see cref="Admin"/> includes every other scope.</summary>
public static class ApiScopes
{
    public const string MessagesRead = "messages:read";
    public const string MessagesSend = "messages:send";
    public const string ContactsRead = "contacts:read";
    public const string ContactsWrite = "contacts:write";
    public const string RulesRead = "rules:read";
    public const string RulesWrite = "rules:write";
    public const string Admin = "admin";

    public const string ClaimType = "smsportal:scope";

    public static IReadOnlyList<string> All { get; } = [MessagesRead, MessagesSend, ContactsRead, ContactsWrite, RulesRead, RulesWrite, Admin];

    public static string Describe(string scope) => scope switch
    {
        MessagesRead => "read messages and conversations, mark conversations read",
        MessagesSend => "send messages",
        ContactsRead => "list and read contacts",
        ContactsWrite => "create, edit, opt out/in and delete contacts",
        RulesRead => "read the rule set and use the test console",
        RulesWrite => "replace the rule set",
        Admin => "everything, including endpoints and event webhooks",
        _ => scope,
    };

    /// <summary>The scopes, deduplicated in canonical order.</summary>
    /// <exception cref="UserInputException">None given, or one is unknown.</exception>
    public static IReadOnlyList<string> Parse(IEnumerable<string>? scopes)
    {
        var given = (scopes ?? []).SelectMany(s => (s ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (given.FirstOrDefault(s => !All.Contains(s)) is { } unknown)
        {
            throw new UserInputException($"Unknown scope '{unknown}'. Use any of: {string.Join(", ", All)}.");
        }
        if (given.Count == 0)
        {
            throw new UserInputException($"Give the key at least one scope: {string.Join(", ", All)}.");
        }
        return All.Where(given.Contains).ToList();
    }

    public static bool Grants(IEnumerable<string> held, string required) => held.Any(s => s == required || s == Admin);
}

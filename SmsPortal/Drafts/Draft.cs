namespace SmsPortal.Drafts;

/// <summary>
/// What one person has typed into one form and not yet sent or saved (a reply to a contact, a rule being edited,
/// a settings form), kept on the server so it survives a lost connection, a restart or a deploy.
/// </summary>
public sealed class Draft
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; init; }
    public required string UserId { get; init; }

    /// <summary>Which form: see <see cref="DraftKeys"/>.</summary>
    public required string Key { get; init; }

    /// <summary>The form's values as the page serialises them (plain text or JSON); never a credential.</summary>
    public required string Content { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The forms whose drafts are kept, one key per conversation, rule or form.</summary>
public static class DraftKeys
{
    public const int MaxLength = 200;

    public static string Reply(Guid contactId) => $"reply/{contactId:N}";

    /// <summary>An existing rule by its id, or the one new rule a person is writing.</summary>
    public static string Rule(string? ruleId) => ruleId is null ? "rule/new" : $"rule/{ruleId}";

    public const string GeneralSettings = "settings/general";

    public const string GatewaySettings = "settings/gateway";
}

/// <summary>A stored draft and when it last changed.</summary>
public sealed record SavedDraft(string Content, DateTimeOffset SavedAt);

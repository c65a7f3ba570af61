using SmsPortal.ApiKeys;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Team;

namespace SmsPortal.Cli;

public static partial class AdminCli
{
    /// <summary>Prints the key once, with its id and prefix; only its hash is kept.</summary>
    private static async Task<object> CreateApiKeyAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        var expires = command.Optional("expires") is { } text ? ParseExpiry(text) : (DateTimeOffset?)null;
        var actsAs = command.Optional("acts-as") is { } email ? await MemberIdAsync(services, workspace.WorkspaceId, email) : null;
        var created = await services.GetRequiredService<ApiKeyService>().CreateAsync(
            workspace.WorkspaceId, Actor.Cli(command.Required("email")), command.Required("name"), [command.Required("scopes")], expires, actsAs);
        return new { created.Summary.Id, created.Summary.Name, created.Summary.Prefix, created.Summary.Scopes, created.Summary.ExpiresAt, created.Summary.ActsAs, created.Key };
    }

    private static async Task<object> ListApiKeysAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        return await services.GetRequiredService<ApiKeyService>().ListAsync(workspace.WorkspaceId);
    }

    private static async Task<object> RevokeApiKeyAsync(IServiceProvider services, Command command)
    {
        var (keys, workspaceId, id) = await FindApiKeyAsync(services, command);
        await keys.RevokeAsync(workspaceId, Actor.Cli(), id);
        return new { Id = id, Revoked = true };
    }

    /// <summary>Replaces the key's scopes (the next request is checked against the new ones); audited.</summary>
    private static async Task<object> SetApiKeyScopesAsync(IServiceProvider services, Command command)
    {
        var (keys, workspaceId, id) = await FindApiKeyAsync(services, command);
        await keys.SetScopesAsync(workspaceId, Actor.Cli(), id, [command.Required("scopes")]);
        return (await keys.ListAsync(workspaceId)).Single(k => k.Id == id);
    }

    private static async Task<(ApiKeyService Keys, Guid WorkspaceId, Guid Id)> FindApiKeyAsync(IServiceProvider services, Command command)
    {
        var keys = services.GetRequiredService<ApiKeyService>();
        var text = command.Required("id");
        var workspaceId = Guid.TryParse(text, out var id) ? await keys.FindWorkspaceAsync(id) : null;
        return (keys, workspaceId ?? throw new UserInputException($"API key '{text}' was not found."), id);
    }

    private static async Task<string> MemberIdAsync(IServiceProvider services, Guid workspaceId, string email) =>
        (await services.GetRequiredService<TeamService>().MembersAsync(workspaceId)).FirstOrDefault(m => string.Equals(m.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))?.UserId
        ?? throw new UserInputException($"--acts-as '{email}' is not a member of this team.");

    /// <summary><c>90d</c> from now, or a date/time (<c>2027-03-01</c>, UTC unless it says otherwise).</summary>
    private static DateTimeOffset ParseExpiry(string text)
    {
        var value = text.Trim();
        if (value.EndsWith('d') && int.TryParse(value[..^1], System.Globalization.CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 3650)
        {
            return DateTimeOffset.UtcNow.AddDays(days);
        }
        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new UserInputException($"--expires '{text}' is not understood: use a number of days (90d) or a date (2027-03-01).");
    }
}

using System.Text;
using SmsPortal.Rules;
using SmsPortal.Team;

namespace Microsoft.AspNetCore.Builder;

public static class RulesApi
{
    /// <summary><c>GET /rules/export.json</c>: the signed-in member's workspace rules (membership checked in the database) as a schema-versioned document.</summary>
    public static WebApplication MapRules(this WebApplication app)
    {
        app.MapGet("/rules/export.json", ExportAsync).RequireAuthorization(Policies.Member);
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, RuleService rules, MemberAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await access.CurrentAsync(context, WorkspaceRole.Agent) is not { } user)
        {
            return MemberAccess.Refused();
        }
        var json = await rules.ExportAsync(user.WorkspaceId, cancellationToken);
        var fileName = $"rules-{time.GetUtcNow():yyyy-MM-dd}.json";
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", fileName);
    }
}

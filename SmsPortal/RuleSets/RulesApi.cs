using System.Text;
using SmsPortal.RuleSets;
using SmsPortal.Team;

namespace Microsoft.AspNetCore.Builder;

public static class RulesApi
{
    /// <summary><c>GET /rules/export.json</c>: the signed-in member's workspace rules as a schema-versioned document.</summary>
    public static WebApplication MapRules(this WebApplication app)
    {
        app.MapGet("/rules/export.json", ExportAsync).RequireAuthorization(Policies.Member);
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, RuleService rules, TimeProvider time, CancellationToken cancellationToken)
    {
        if (PortalUser.From(context.User) is not { } user)
        {
            return TypedResults.Forbid();
        }
        var json = await rules.ExportAsync(user.WorkspaceId, cancellationToken);
        var fileName = $"rules-{time.GetUtcNow():yyyy-MM-dd}.json";
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", fileName);
    }
}

using System.Text;
using SmsPortal.Rules;
using SmsPortal.Team;

namespace Microsoft.AspNetCore.Builder;

public static class RulesApi
{
    /// <summary><c>GET /rules/export.json</c>: the signed-in Owner's or Admin's workspace rules as a schema-versioned document.</summary>
    public static WebApplication MapRules(this WebApplication app)
    {
        app.MapGet("/rules/export.json", ExportAsync).RequireAuthorization(Policies.Admin);
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, RuleService rules, MemberAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await access.CurrentAsync(context, WorkspaceRole.Admin) is not { } user)
        {
            return MemberAccess.Refused();
        }
        var json = await rules.ExportAsync(user.WorkspaceId, cancellationToken);
        var fileName = $"rules-{time.GetUtcNow():yyyy-MM-dd}.json";
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", fileName);
    }
}

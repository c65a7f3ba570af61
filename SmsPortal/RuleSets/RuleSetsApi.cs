using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SmsPortal.RuleSets;

namespace Microsoft.AspNetCore.Routing;

public static class RuleSetsApi
{
    public static IEndpointRouteBuilder MapRuleSets(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/rules").WithTags("Rules").RequireWorkspaceMember();
        rules.MapGet("/export.json", ExportAsync)
            .WithName("ExportRules")
            .WithSummary("The member's workspace rules as a schema-versioned document.");
        return app;
    }

    private static async Task<FileContentHttpResult> ExportAsync(HttpContext context, RuleService rules, TimeProvider time, CancellationToken cancellationToken)
    {
        var json = await rules.ExportAsync(context.WorkspaceMember().WorkspaceId, cancellationToken);
        var fileName = $"rules-{time.GetUtcNow():yyyy-MM-dd}.json";
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", fileName);
    }
}

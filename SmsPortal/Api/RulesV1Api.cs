using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using SmsPortal.Api;
using SmsPortal.ApiKeys;
using SmsPortal.RuleSets;

namespace Microsoft.AspNetCore.Routing;

internal static class RulesV1Api
{
    public static void MapRulesV1Api(this RouteGroupBuilder v1)
    {
        var rules = v1.MapGroup("/rules").WithTags("Rules");
        rules.MapGet("", GetAsync).RequireScope(ApiScopes.RulesRead)
            .WithName("GetRules").WithSummary("The workspace's rule set, as the same JSON document the portal exports")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json");
        rules.MapPut("", ReplaceAsync).RequireScope(ApiScopes.RulesWrite)
            .WithName("ReplaceRules").WithSummary("Replace the whole rule set with a document (as the portal's import does)")
            .WithDescription("Invalid rules are refused with 422 and each error; nothing changes. Send If-Match with the ETag of GET /rules " +
                "to refuse the change (412) if someone changed the rules since.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.RequestBody is OpenApiRequestBody body)
                {
                    body.Required = true; // the parameter is nullable only so that an empty body is answered with a 400
                }
                return Task.CompletedTask;
            })
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json");
        rules.MapPost("/test", TestAsync).RequireScope(ApiScopes.RulesRead)
            .WithName("TestRules").WithSummary("What the rules would do with a message, without doing any of it (the test console)");
    }

    private static async Task<ContentHttpResult> GetAsync(HttpContext context, RuleService rules, CancellationToken cancellationToken)
    {
        var json = await rules.ExportAsync(context.ApiKey().WorkspaceId, cancellationToken);
        context.Response.Headers.ETag = ApiETag.Of(json);
        return TypedResults.Content(json, "application/json");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReplaceAsync(
        HttpContext context, RuleService rules, JsonElement? document, CancellationToken cancellationToken)
    {
        // Nullable so that an empty body reaches here (a plain JsonElement fails inside the binder: a 500).
        if (document is not { ValueKind: not JsonValueKind.Undefined })
        {
            return ApiProblems.Invalid("The body must be a rule set document: the JSON that GET /api/v1/rules returns.", StatusCodes.Status400BadRequest);
        }
        var key = context.ApiKey();
        if (!ApiETag.Matches(context.Request, ApiETag.Of(await rules.ExportAsync(key.WorkspaceId, cancellationToken))))
        {
            return ApiProblems.PreconditionFailed();
        }
        await rules.ImportAsync(key.WorkspaceId, document.Value.GetRawText(), key.Actor, cancellationToken);
        return await GetAsync(context, rules, cancellationToken);
    }

    private static async Task<Ok<RuleTestResult>> TestAsync(
        HttpContext context, RuleService rules, TimeProvider time, RuleTestRequest request, CancellationToken cancellationToken)
    {
        var input = new RuleTestInput
        {
            Message = request.Message ?? "",
            Sender = request.Sender ?? "",
            ContactName = request.ContactName,
            IsNewContact = request.IsNewContact,
            IsOptedOut = request.IsOptedOut,
            Tags = string.Join(", ", request.Tags ?? []),
            EndpointId = request.EndpointId,
        };
        var result = await rules.TestAsync(context.ApiKey().WorkspaceId, input.ToFact(time.GetUtcNow()), cancellationToken);
        return TypedResults.Ok(new RuleTestResult(result.Activations.Select(a => new RuleTestActivation(a.RuleId, a.RuleName, a.Keyword,
            a.Actions.Select(x => new RuleTestAction(x.Kind.ToString(), x.Text, x.Tag, x.Url?.ToString(), x.Team)).ToList())).ToList()));
    }
}

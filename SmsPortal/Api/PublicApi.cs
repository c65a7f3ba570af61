using Scalar.AspNetCore;
using SmsPortal.Api;
using SmsPortal.ApiKeys;

namespace Microsoft.AspNetCore.Routing;

public static class PublicApi
{
    public const string Prefix = "/api/v1";

    /// <summary>
    /// <c>/api/v1</c> for a workspace's own systems, authenticated by API key (never the portal's cookie), each route
    /// requiring one scope; the OpenAPI document at <c>/openapi/v1.json</c> and its reference page at <c>/api/docs</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup(Prefix)
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<ApiKeyRateLimit>().InvokeAsync(context, next))
            .AddEndpointFilter<ApiProblems.Filter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery();
        v1.MapMessagesApi();
        v1.MapConversationsApi();
        v1.MapContactsV1Api();
        v1.MapRulesV1Api();
        v1.MapEndpointsV1Api();
        v1.MapEventWebhooksApi();

        app.MapOpenApi(ApiDocument.Route).AllowAnonymous();
        app.MapScalarApiReference("/api/docs", scalar => scalar
            .WithTitle("SmsPortal API")
            .WithOpenApiRoutePattern(ApiDocument.Route.Replace("{documentName}", ApiDocument.Name))
            .AddPreferredSecuritySchemes(ApiDocument.SecurityScheme))
            .AllowAnonymous();
        return app;
    }

    /// <summary>Only keys holding <paramref name="scope"/> (or <c>admin</c>) reach the route; its 403 and the document name the scope.</summary>
    internal static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder route, string scope) =>
        route.RequireAuthorization(ApiKeyPolicies.For(scope)).WithMetadata(new RequiredScope(scope));
}

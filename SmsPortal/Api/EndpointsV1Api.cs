using Microsoft.AspNetCore.Http.HttpResults;
using SmsPortal.Api;
using SmsPortal.ApiKeys;
using SmsPortal.Common;
using SmsPortal.Endpoints;

namespace Microsoft.AspNetCore.Routing;

internal static class EndpointsV1Api
{
    public static void MapEndpointsV1Api(this RouteGroupBuilder v1)
    {
        var endpoints = v1.MapGroup("/endpoints").WithTags("Endpoints");
        endpoints.MapGet("", ListAsync).RequireScope(ApiScopes.Admin)
            .WithName("ListEndpoints").WithSummary("The webhook endpoints your gateways post received SMS to");
        endpoints.MapPost("", CreateAsync).RequireScope(ApiScopes.Admin)
            .WithName("CreateEndpoint").WithSummary("Register an endpoint; its signing secret is in this answer only");
        endpoints.MapPost("/{id}/rotate", RotateAsync).RequireScope(ApiScopes.Admin)
            .WithName("RotateEndpointSecret").WithSummary("Give an endpoint a new secret; the previous one stays valid for the grace period");
    }

    private static async Task<Ok<List<ApiEndpoint>>> ListAsync(HttpContext context, EndpointService endpoints, CancellationToken cancellationToken)
    {
        var list = await endpoints.ListAsync(context.ApiKey().WorkspaceId, cancellationToken);
        return TypedResults.Ok(list.Select(e => new ApiEndpoint(e.Id, e.Name, e.Description, e.Enabled, e.Format.ToString().ToLowerInvariant(), e.Path, e.CreatedAt)).ToList());
    }

    private static async Task<Created<ApiEndpointSecret>> CreateAsync(
        HttpContext context, EndpointService endpoints, CreateEndpointRequest request, CancellationToken cancellationToken)
    {
        var format = EndpointFormat.Native;
        if (request.Format is { } name && !(Enum.TryParse(name, ignoreCase: true, out format) && Enum.IsDefined(format)))
        {
            throw new UserInputException($"Unknown format '{name}'. Use one of: {string.Join(", ", Enum.GetNames<EndpointFormat>()).ToLowerInvariant()}.");
        }
        var key = context.ApiKey();
        var created = await endpoints.CreateAsync(key.WorkspaceId, key.Actor, request.Name, request.Description, format, cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/v1/endpoints/{created.Id}", new ApiEndpointSecret(created.Id, created.Path, created.Secret, []));
    }

    private static async Task<Results<Ok<ApiEndpointSecret>, ProblemHttpResult>> RotateAsync(
        HttpContext context, EndpointService endpoints, string id, RotateEndpointRequest? request, CancellationToken cancellationToken)
    {
        var key = context.ApiKey();
        if (await endpoints.FindAsync(key.WorkspaceId, id, cancellationToken) is not { } endpoint)
        {
            return ApiProblems.NotFound($"Endpoint '{id}'");
        }
        var hours = request?.GraceHours ?? GracePeriod.Default.TotalHours;
        if (!double.IsFinite(hours) || hours < 0 || hours > GracePeriod.Maximum.TotalHours)
        {
            throw new UserInputException($"graceHours must be between 0 and {GracePeriod.Maximum.TotalHours}.");
        }
        var rotated = await endpoints.RotateAsync(key.WorkspaceId, key.Actor, id, TimeSpan.FromHours(hours), cancellationToken: cancellationToken);
        return TypedResults.Ok(new ApiEndpointSecret(rotated.Id, endpoint.Path, rotated.Secret, rotated.PreviousSecretsValidUntil));
    }
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SmsPortal.Team;

namespace SmsPortal.ApiKeys;

/// <summary>
/// <c>Authorization: Bearer smsp_…</c> as its own scheme beside the portal's cookie. The key is looked up on every
/// request (a revoked key fails at once) and is never logged: failures name only what was wrong.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string KeyIdClaim = "smsportal:api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        if (await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted) is not { } key)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }
        if (!await keys.MemberStillThereAsync(key, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("The API key acts as someone who is no longer a member of this workspace; an Admin can create a new key.");
        }
        Context.Items[typeof(ApiKeyIdentity)] = key;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Prefix),
            new(ClaimTypes.Name, key.Name),
            new(KeyIdClaim, key.Id.ToString()),
            new(PortalClaims.Workspace, key.WorkspaceId.ToString()),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(ApiScopes.ClaimType, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Not authenticated",
            detail: result.Failure?.Message ?? "Send an API key as 'Authorization: Bearer smsp_…' (create one under Settings → API keys).")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = Context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Missing scope",
            detail: scope is null ? "This key may not do that." : $"This key lacks the '{scope}' scope (or 'admin').")
            .ExecuteAsync(Context);
    }
}

/// <summary>The scope an API route requires; read by the 403 answer and the OpenAPI document.</summary>
public sealed record RequiredScope(string Scope);

public static class ApiKeyHttpContextExtensions
{
    /// <summary>The key that authenticated this request (the route's group requires one).</summary>
    public static ApiKeyIdentity ApiKey(this HttpContext context) =>
        context.Items[typeof(ApiKeyIdentity)] as ApiKeyIdentity
        ?? throw new InvalidOperationException("The endpoint does not require an API key.");
}

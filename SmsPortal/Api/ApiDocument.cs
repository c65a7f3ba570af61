using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SmsPortal.ApiKeys;

namespace SmsPortal.Api;

/// <summary>
/// The OpenAPI document of <c>/api/v1</c> (only those routes: the portal's own endpoints are not an API). Each
/// operation names the scope it needs, in its security requirement and in its description; OpenAPI 3.0 so that
/// generators (NSwag, Kiota, openapi-generator) read it as they are.
/// </summary>
internal static class ApiDocument
{
    public const string Name = "v1";
    public const string Route = "/openapi/{documentName}.json";
    public const string SecurityScheme = "ApiKey";

    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "SmsPortal API",
                Version = "v1",
                Description = "Send SMS, read conversations, manage contacts, rules and endpoints of one workspace. Authenticate with an " +
                    "API key (Settings → API keys): `Authorization: Bearer smsp_…`. Errors are problem details (RFC 9457); lists page with " +
                    "`cursor` (the `nextCursor` of the previous page) and `limit` (1–200, default 50).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "smsp_…",
                Description = "A workspace API key. Scopes: " + string.Join("; ", ApiScopes.All.Select(s => $"{s}: {ApiScopes.Describe(s)}")) + ".",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().FirstOrDefault() is { } required)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [required.Scope] }];
                operation.Description = $"{operation.Description}{(operation.Description is null ? "" : "\n\n")}Scope: `{required.Scope}` (or `admin`).".Trim();
                ApiExamples.Apply(operation);
            }
            return Task.CompletedTask;
        });
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SmsPortal.Common;
using SmsPortal.Rules.Compilation;

namespace SmsPortal.Api;

/// <summary>Every error of the API as problem details: what a client sent wrong is a 4xx that says why, never a 500.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} was not found in this workspace.");

    public static ProblemHttpResult Invalid(string detail, int status = StatusCodes.Status422UnprocessableEntity) =>
        TypedResults.Problem(statusCode: status, title: status == StatusCodes.Status400BadRequest ? "Bad request" : "Cannot do that", detail: detail);

    public static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed since read",
        detail: "If-Match does not match the current ETag: someone changed it since you read it. Read it again and reapply your change.");

    /// <summary>
    /// Refuses a NUL character anywhere in what a client sent (400: no database stores it the same way, PostgreSQL
    /// not at all); turns a user-input or rule-validation failure into a 422 with its message (and each rule error).
    /// </summary>
    public sealed class Filter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            if (NulInput.Find(context) is { } field)
                return Invalid($"'{field}' must not contain NUL (\\u0000) characters.", StatusCodes.Status400BadRequest);
            try
            {
                return await next(context);
            }
            catch (UserInputException ex)
            {
                return Invalid(ex.Message);
            }
            catch (RuleCompilationException ex)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Invalid rules",
                    detail: string.Join(" ", ex.Errors.Select(e => e.ToString())),
                    extensions: new Dictionary<string, object?> { ["errors"] = ex.Errors.Select(e => new { e.RuleId, e.Field, e.Message }).ToList() });
            }
        }
    }
}

/// <summary>Finds the first bound argument of an API call (a query value, a body's string field, a raw JSON document) holding a NUL.</summary>
internal static class NulInput
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> TextProperties = new();

    public static string? Find(EndpointFilterInvocationContext context)
    {
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters();
        var services = context.HttpContext.RequestServices.GetService<IServiceProviderIsService>();
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            var type = parameters is not null && i < parameters.Length ? parameters[i].ParameterType : context.Arguments[i]?.GetType();
            if (type is not null && services?.IsService(type) == true)
                continue; // a handler's service, not something the client sent
            var name = parameters is not null && i < parameters.Length ? parameters[i].Name ?? "body" : "body";
            if (Find(context.Arguments[i], name, depth: 0) is { } field)
                return field;
        }
        return null;
    }

    private static string? Find(object? value, string name, int depth) => value switch
    {
        null => null,
        string text => text.Contains('\0') ? name : null,
        JsonElement json => json.ValueKind != JsonValueKind.Undefined && json.GetRawText().Contains("\\u0000") ? name : null,
        IEnumerable<string> texts => texts.Any(t => t?.Contains('\0') == true) ? name : null,
        _ when depth < 3 && value.GetType().Namespace?.StartsWith("SmsPortal", StringComparison.Ordinal) == true => FindIn(value, depth),
        _ => null,
    };

    private static string? FindIn(object value, int depth)
    {
        foreach (var property in TextProperties.GetOrAdd(value.GetType(), Readable))
            if (Find(property.GetValue(value), JsonNamingPolicy.CamelCase.ConvertName(property.Name), depth + 1) is { } field)
                return field;
        return null;
    }

    private static PropertyInfo[] Readable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
}

/// <summary>Weak ETags over a resource's editable state, and the If-Match check.</summary>
internal static class ApiETag
{
    public static string Of(string state) => $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)))[..16]}\"";

    /// <summary>True when the request has no If-Match, or it names <paramref name="current"/> (or *).</summary>
    public static bool Matches(HttpRequest request, string current)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        return ifMatch.Length == 0 || ifMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == current || "W/" + t == current);
    }
}

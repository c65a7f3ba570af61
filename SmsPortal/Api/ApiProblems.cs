using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text;
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

    /// <summary>Turns a user-input or rule-validation failure into a 422 with its message (and each rule error).</summary>
    public sealed class Filter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
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

using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Webhooks;

namespace Microsoft.AspNetCore.Routing;

public static class WebhookApi
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/hooks").WithTags("Webhooks").DisableAntiforgery();
        hooks.MapPost("/sms/{endpointId}", ReceiveAsync)
            .WithName("ReceiveSms")
            .WithSummary("Receives one SMS from a gateway, signed with the endpoint's secret.");
        return app;
    }

    public sealed record DeliveryAck(string Status, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? MessageId);

    private static async Task<Results<Ok<DeliveryAck>, ContentHttpResult, ProblemHttpResult>> ReceiveAsync(
        string endpointId,
        HttpContext context,
        EndpointDirectory directory,
        WebhookReceiver receiver,
        DeliveryLog deliveryLog,
        IOptions<WebhookOptions> options,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var logger = loggerFactory.CreateLogger("SmsPortal.Webhooks");
        var maxBytes = options.Value.MaxBodyBytes;

        ResolvedEndpoint? endpoint;
        try
        {
            endpoint = await directory.FindAsync(endpointId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Endpoint lookup failed for a delivery");
            return Unavailable(context);
        }
        if (endpoint is null)
        {
            // Counted, not logged one by one: anyone can send these, as fast as they like.
            deliveryLog.CountUnknownEndpoint();
            return NotFoundProblem();
        }
        if (!endpoint.Enabled)
        {
            Record(DeliveryOutcome.EndpointDisabled, StatusCodes.Status404NotFound, bodySize: 0, body: null);
            return NotFoundProblem();
        }

        byte[]? buffer = null;
        try
        {
            var read = await ReadBodyAsync(context, maxBytes, cancellationToken);
            if (read is not { } body)
            {
                Record(DeliveryOutcome.TooLarge, StatusCodes.Status413PayloadTooLarge, (int)Math.Min(context.Request.ContentLength ?? maxBytes + 1, int.MaxValue), body: null);
                return TooLarge(maxBytes);
            }
            buffer = body.Buffer;
            var bytes = body.Buffer.AsMemory(0, body.Length);

            var headers = context.Request.Headers;
            var result = await receiver.ReceiveAsync(endpoint, bytes, name => headers.TryGetValue(name, out var value) ? value.ToString() : null,
                PublicUrl(context, options.Value), cancellationToken,
                log: (settled, text) => Entry(settled.Outcome, StatusOf(settled.Outcome), body.Length, text, settled.MessageId, settled.Detail, settled.ExternalId));
            var response = result.Outcome switch
            {
                DeliveryOutcome.Accepted => Acknowledge(endpoint, "accepted", result.MessageId),
                DeliveryOutcome.Duplicate => Acknowledge(endpoint, "duplicate", result.MessageId),
                DeliveryOutcome.StatusUpdate => Acknowledge(endpoint, result.MessageId is null ? "unknown-message" : "status-updated", result.MessageId),
                DeliveryOutcome.Ignored => Acknowledge(endpoint, "ignored", null),
                DeliveryOutcome.BadSignature => Unauthorized(),
                DeliveryOutcome.BadPayload => BadPayload(result.Detail!, result.Field),
                _ => Unavailable(context),
            };
            if (!result.Logged)
            {
                var verified = result.Outcome != DeliveryOutcome.BadSignature;
                Record(result.Outcome, StatusOf(result.Outcome), body.Length, verified ? Encoding.UTF8.GetString(bytes.Span) : null, result.MessageId, result.Detail, result.ExternalId);
            }
            return response;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Record(DeliveryOutcome.TooLarge, StatusCodes.Status413PayloadTooLarge, maxBytes + 1, body: null);
            return TooLarge(maxBytes);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever failed, the gateway gets an answer it can act on and the operator a log line.
            var (outcome, status, problem) = Failure(ex, context, logger, endpoint.Id);
            Record(outcome, status, bodySize: 0, body: null, detail: problem.ProblemDetails.Detail);
            return problem;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        void Record(DeliveryOutcome outcome, int statusCode, int bodySize, string? body, string? messageId = null, string? detail = null, string? externalId = null) =>
            deliveryLog.Record(Entry(outcome, statusCode, bodySize, body, messageId, detail, externalId));

        DeliveryLogEntry Entry(DeliveryOutcome outcome, int statusCode, int bodySize, string? body, string? messageId = null, string? detail = null, string? externalId = null) =>
            new()
            {
                WorkspaceId = endpoint.WorkspaceId,
                EndpointId = endpoint.Id,
                At = DateTimeOffset.UtcNow,
                Outcome = outcome,
                StatusCode = statusCode,
                LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                BodySize = bodySize,
                RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
                MessageId = messageId,
                ExternalId = externalId is { Length: > 128 } ? externalId[..128] : externalId,
                Detail = detail,
                Headers = DeliveryHeaders.Json(context.Request.Headers, verified: !DeliveryOutcomes.Unverified.Contains(outcome)),
                Body = body,
            };
    }

    private static int StatusOf(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Accepted or DeliveryOutcome.Duplicate or DeliveryOutcome.StatusUpdate or DeliveryOutcome.Ignored => StatusCodes.Status200OK,
        DeliveryOutcome.BadSignature => StatusCodes.Status401Unauthorized,
        DeliveryOutcome.BadPayload => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>Twilio expects TwiML back; an empty <c>&lt;Response/&gt;</c> tells it nothing more is to be done.</summary>
    private static Results<Ok<DeliveryAck>, ContentHttpResult, ProblemHttpResult> Acknowledge(ResolvedEndpoint endpoint, string status, string? messageId) =>
        endpoint.Format == EndpointFormat.Twilio
            ? TypedResults.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>", "text/xml")
            : TypedResults.Ok(new DeliveryAck(status, messageId));

    /// <summary>The URL the gateway called, as it saw it: the configured public base, else the (forwarded) request's.</summary>
    private static string PublicUrl(HttpContext context, WebhookOptions options)
    {
        var request = context.Request;
        var pathAndQuery = request.PathBase + request.Path + request.QueryString;
        return options.PublicBaseUrl is { Length: > 0 } publicBase
            ? publicBase.TrimEnd('/') + pathAndQuery
            : $"{request.Scheme}://{request.Host}{pathAndQuery}";
    }

    /// <summary>Reads at most <paramref name="maxBytes"/>; null when the body is larger, whatever Content-Length claimed.</summary>
    private static async Task<(byte[] Buffer, int Length)?> ReadBodyAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        var length = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static (DeliveryOutcome, int, ProblemHttpResult) Failure(Exception exception, HttpContext context, ILogger logger, string endpointId)
    {
        if (exception is IOException or BadHttpRequestException || (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            logger.LogInformation(exception, "The body of a delivery to {EndpointId} could not be read", endpointId);
            return (DeliveryOutcome.BadPayload, StatusCodes.Status400BadRequest,
                TypedResults.Problem("The request body could not be read completely. Send it again.", statusCode: StatusCodes.Status400BadRequest, title: "Unreadable body"));
        }
        logger.LogWarning(exception, "A delivery to {EndpointId} could not be handled; the gateway is told to retry", endpointId);
        return (DeliveryOutcome.Unavailable, StatusCodes.Status503ServiceUnavailable, Unavailable(context));
    }

    private static ProblemHttpResult NotFoundProblem() =>
        TypedResults.Problem("No enabled endpoint has this id. Check the URL in your gateway settings.", statusCode: StatusCodes.Status404NotFound, title: "Unknown endpoint");

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("The request signature could not be verified.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    private static ProblemHttpResult BadPayload(string detail, string? field) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid payload",
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem($"The body exceeds the {maxBytes:N0}-byte limit.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");

    private static ProblemHttpResult Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem("The message could not be stored right now. Retry later; nothing was stored.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable");
    }
}

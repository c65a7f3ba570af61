using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound.Gateways;

/// <summary>
/// Twilio Programmable Messaging: <c>POST {BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, Basic auth
/// <c>AccountSid:AuthToken</c>, form-encoded <c>To</c>, <c>Body</c>, <c>From</c> (or <c>MessagingServiceSid</c>) and,
/// when configured, <c>StatusCallback</c>.
/// </summary>
/// <remarks>
/// The answer (<c>201</c>) is the Message resource: <c>sid</c> (<c>SM…</c>) is the gateway's message id, the key of
/// Twilio's status callbacks (<c>MessageSid</c>). Its <c>status</c> is normally <c>queued</c> or <c>accepted</c>;
/// <c>failed</c>, <c>undelivered</c> or <c>canceled</c> map to a permanent failure with <c>error_code</c> and
/// <c>error_message</c>. Errors are <c>{code, message, more_info, status}</c>; Twilio's 429 (error 20429) is transient.
/// <para>
/// Twilio's Messages API takes no idempotency key (its <c>I-Twilio-Idempotency-Token</c> is a header Twilio sends on
/// its own webhooks, not one it honours on requests), so a resend is a second SMS, billed. This client is registered
/// without retries inside the HTTP pipeline, except for failures to connect.
/// </para>
/// </remarks>
public sealed class TwilioGateway(GatewayHttpClients http, IOptionsMonitor<GatewayOptions> options) : IGatewayAdapter
{
    public const string Name = "Twilio";

    public Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, options.CurrentValue, cancellationToken);

    public async Task<GatewaySendResult> SendAsync(OutboundMessage message, GatewayOptions settings, CancellationToken cancellationToken)
    {
        var accountSid = settings.AccountSid!.Trim();
        var form = new List<KeyValuePair<string, string>> { new("To", message.To), new("Body", message.Text) };
        // One sender, never both: the Messaging Service (which picks the number itself) when set, else From.
        if (!string.IsNullOrWhiteSpace(settings.MessagingServiceSid))
        {
            form.Add(new("MessagingServiceSid", settings.MessagingServiceSid.Trim()));
        }
        else
        {
            form.Add(new("From", settings.From!.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(settings.StatusCallbackUrl))
        {
            form.Add(new("StatusCallback", settings.StatusCallbackUrl.Trim()));
        }

        var path = $"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json";
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayHttp.Combine(settings.EffectiveBaseUrl!, path))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", GatewayHttp.Basic(accountSid, settings.AuthToken!.Trim()));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await GatewayHttp.SendAsync(http.For(this, settings), request, Name, (_, body) => Parse(body), ReadError, cancellationToken);
    }

    private static GatewaySendResult Parse(string body)
    {
        using var json = GatewayHttp.TryParse(body);
        var root = json?.RootElement ?? default;
        var status = GatewayHttp.Text(root, "status");
        if (status is "failed" or "undelivered" or "canceled")
        {
            var code = GatewayHttp.Text(root, "error_code");
            var text = GatewayHttp.Text(root, "error_message");
            var reason = (code, text) switch
            {
                ({ Length: > 0 }, { Length: > 0 }) => $"error {code}: {text}",
                ({ Length: > 0 }, _) => $"error {code}",
                (_, { Length: > 0 }) => text,
                _ => "no reason given",
            };
            return GatewaySendResult.Permanent($"{Name} reported the message {status}: {GatewayHttp.Shorten(reason)}");
        }
        return GatewaySendResult.Sent(GatewayHttp.Text(root, "sid") is { Length: > 0 } sid ? sid : null);
    }

    private static string? ReadError(JsonElement root)
    {
        var message = GatewayHttp.Text(root, "message");
        return GatewayHttp.Text(root, "code") is { Length: > 0 } code ? $"error {code}: {message}" : message;
    }
}

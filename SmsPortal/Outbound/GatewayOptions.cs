using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound;

/// <summary>
/// The gateway replies leave through (<c>Gateway</c> in appsettings.json). Read per send through
/// <see cref="IOptionsMonitor{TOptions}"/>, so editing the file switches gateway without a restart.
/// </summary>
/// <remarks>
/// Holds secrets (<see cref="ApiKey"/>, <see cref="Password"/>, <see cref="AuthToken"/>): never log an instance.
/// </remarks>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary><c>None</c> (messages stay queued until a gateway is configured) or the gateway to send through.</summary>
    public GatewayType Type { get; set; } = GatewayType.None;

    /// <summary>
    /// The gateway's API root. Required for <c>Generic</c> (messages are POSTed to <c>{BaseUrl}/messages</c>);
    /// optional for the others, which default to their public cloud (<see cref="DefaultBaseUrl"/>). Set it for a
    /// self-hosted SMSGate or textbee server.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Generic: sent as <c>Authorization: Bearer …</c>. textbee and httpSMS: sent as <c>x-api-key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>SMSGate: the username for Basic auth (shown in the app's Cloud server section).</summary>
    public string? Username { get; set; }

    /// <summary>SMSGate: the password for Basic auth.</summary>
    public string? Password { get; set; }

    /// <summary>textbee: the id of the registered phone that sends (part of the send URL).</summary>
    public string? DeviceId { get; set; }

    /// <summary>httpSMS: the phone number of the phone that sends (E.164). Twilio: the <c>From</c> number.</summary>
    public string? From { get; set; }

    /// <summary>Twilio: the account SID (<c>AC…</c>), the Basic auth username and part of the send URL.</summary>
    public string? AccountSid { get; set; }

    /// <summary>Twilio: the auth token, the Basic auth password.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Twilio: send through a Messaging Service (<c>MG…</c>) instead of a single <see cref="From"/> number.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Twilio: sent as <c>StatusCallback</c> so delivery reports reach SmsPortal (the endpoint's hook URL).</summary>
    public string? StatusCallbackUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sends in flight at once on this node. Sends wait on the network, not on a core; each workspace may use up to
    /// the outbox's <c>MaxInFlightPerWorkspace</c> (32 by default) of them, so a hanging gateway leaves the rest to others.
    /// </summary>
    public int MaxConcurrentSends { get; set; } = 64;

    /// <summary>
    /// True for a gateway a workspace set in the portal: its URL was typed by a workspace user, so it is called through
    /// the hardened client and its errors are described in our words. The installation's gateway is the operator's.
    /// </summary>
    public bool IsWorkspaceGateway { get; init; }

    /// <summary>True when a gateway is selected and it has every setting it needs.</summary>
    public bool IsConfigured => Type != GatewayType.None && Problems().Count == 0;

    /// <summary><see cref="BaseUrl"/> when set, else the selected gateway's public cloud URL (null for Generic/None).</summary>
    public string? EffectiveBaseUrl => string.IsNullOrWhiteSpace(BaseUrl) ? DefaultBaseUrl(Type) : BaseUrl.Trim();

    public static string? DefaultBaseUrl(GatewayType type) => type switch
    {
        GatewayType.SmsGate => "https://api.sms-gate.app",
        GatewayType.Textbee => "https://api.textbee.dev",
        GatewayType.HttpSms => "https://api.httpsms.com",
        GatewayType.Twilio => "https://api.twilio.com",
        _ => null,
    };

    /// <summary>What the selected gateway still needs, each naming the setting, e.g. <c>Gateway:DeviceId is required for textbee.</c></summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var name = DisplayName(Type);
        void Require(string? value, string setting)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{Section}:{setting} is required for {name}.");
            }
        }

        if (Type == GatewayType.Generic)
        {
            Require(BaseUrl, nameof(BaseUrl));
        }
        if (Type != GatewayType.None && !string.IsNullOrWhiteSpace(BaseUrl)
            && !(Uri.TryCreate(BaseUrl.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            problems.Add($"{Section}:{nameof(BaseUrl)} must be an absolute http(s) URL.");
        }
        else if (Type != GatewayType.None && !string.IsNullOrWhiteSpace(BaseUrl) && BaseUrl.IndexOfAny(['?', '#', '@']) >= 0)
        {
            problems.Add($"{Section}:{nameof(BaseUrl)} must not contain a query (?), a fragment (#) or a user name (@).");
        }
        switch (Type)
        {
            case GatewayType.SmsGate:
                Require(Username, nameof(Username));
                Require(Password, nameof(Password));
                break;
            case GatewayType.Textbee:
                Require(ApiKey, nameof(ApiKey));
                Require(DeviceId, nameof(DeviceId));
                break;
            case GatewayType.HttpSms:
                Require(ApiKey, nameof(ApiKey));
                Require(From, nameof(From));
                break;
            case GatewayType.Twilio:
                Require(AccountSid, nameof(AccountSid));
                Require(AuthToken, nameof(AuthToken));
                if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(MessagingServiceSid))
                {
                    problems.Add($"{Section}:{nameof(From)} or {Section}:{nameof(MessagingServiceSid)} is required for {name}.");
                }
                if (!string.IsNullOrWhiteSpace(StatusCallbackUrl) && !Uri.TryCreate(StatusCallbackUrl.Trim(), UriKind.Absolute, out _))
                {
                    problems.Add($"{Section}:{nameof(StatusCallbackUrl)} must be an absolute URL.");
                }
                break;
        }
        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:{nameof(Timeout)} must be positive.");
        }
        return problems;
    }

    /// <summary>
    /// Whether the gateway honours our outbox id as an idempotency key (the generic gateway's <c>Idempotency-Key</c>,
    /// SMSGate's message id), so a request whose fate is unknown may be sent again without a second SMS.
    /// </summary>
    public static bool TakesIdempotencyKey(GatewayType type) => type is GatewayType.Generic or GatewayType.SmsGate;

    public static string DisplayName(GatewayType type) => type switch
    {
        GatewayType.Generic => "the generic gateway",
        GatewayType.SmsGate => "SMSGate",
        GatewayType.Textbee => "textbee",
        GatewayType.HttpSms => "httpSMS",
        GatewayType.Twilio => "Twilio",
        _ => "no gateway",
    };
}

public enum GatewayType
{
    None,
    Generic,
    /// <summary>SMSGate (android-sms-gateway, sms-gate.app), cloud or private server.</summary>
    SmsGate,
    /// <summary>textbee (textbee.dev), cloud or self-hosted.</summary>
    Textbee,
    /// <summary>httpSMS (httpsms.com).</summary>
    HttpSms,
    /// <summary>Twilio Programmable Messaging.</summary>
    Twilio,
}

/// <summary>
/// Refuses a selected gateway that lacks a setting, naming it (with <c>ValidateOnStart</c> the app will not start;
/// after a live edit the dispatcher logs the error and keeps the messages queued until the file is fixed).
/// </summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

using System.ComponentModel.DataAnnotations;

namespace SmsPortal.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Largest body accepted; anything bigger is refused with 413 before it is read whole.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The address gateways use to reach this app (e.g. <c>https://sms.example.com</c>), when it is behind a proxy.
    /// Twilio signs the full public URL, so without it the URL is rebuilt from the request.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long delivery log entries are kept.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan DeliveryLogRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// At most this many verified entries (signature checked) are kept per endpoint, enforced as entries are written;
    /// older ones go first. A busy endpoint is trimmed each time a twentieth of this has been written (so it may hold up
    /// to 5 % more for a moment, per node), a quiet one to exactly this.
    /// </summary>
    [Range(10, 10_000_000)]
    public int DeliveryLogMaxEntriesPerEndpoint { get; set; } = 10_000;

    /// <summary>
    /// At most this many unverified entries (bad signature, too large, disabled endpoint) per endpoint, kept apart from
    /// the verified ones so a flood of forged requests cannot push real deliveries out of the log.
    /// </summary>
    [Range(10, 1_000_000)]
    public int DeliveryLogMaxUnverifiedPerEndpoint { get; set; } = 1_000;

    /// <summary>At most this many delivery log entries are kept per workspace; older ones go first.</summary>
    [Range(1000, 100_000_000)]
    public int DeliveryLogMaxEntriesPerWorkspace { get; set; } = 100_000;
}

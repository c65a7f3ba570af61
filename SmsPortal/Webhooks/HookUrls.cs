using Microsoft.Extensions.Options;

namespace SmsPortal.Webhooks;

/// <summary>The full URL gateways post to: the configured public base, else the base the portal was opened at.</summary>
public sealed class HookUrls(IOptions<WebhookOptions> options)
{
    public string For(string endpointPath, string requestBaseUri) =>
        Combine(options.Value.PublicBaseUrl is { Length: > 0 } publicBase ? publicBase : requestBaseUri, endpointPath);

    public static string Combine(string baseUri, string path) => baseUri.TrimEnd('/') + "/" + path.TrimStart('/');
}

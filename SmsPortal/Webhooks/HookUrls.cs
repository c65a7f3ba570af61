using Microsoft.Extensions.Options;
using SmsPortal.Webhooks;

namespace SmsPortal.Endpoints;

/// <summary>The full URL gateways post to: the configured public base, else the base the portal was opened at.</summary>
public sealed class HookUrls(IOptions<WebhookOptions> options)
{
    public string For(string endpointPath, string requestBaseUri) =>
        Combine(options.Value.PublicBaseUrl is { Length: > 0 } publicBase ? publicBase : requestBaseUri, endpointPath);

    public static string Combine(string baseUri, string path) => baseUri.TrimEnd('/') + "/" + path.TrimStart('/');
}

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Hosting;

/// <summary>Behind a configured TLS proxy: the forwarded scheme is trusted, so https requests get HSTS and secure cookies.</summary>
public sealed class ReverseProxyTests
{
    [Fact]
    public async Task ForwardedHttps_FromAKnownProxy_HstsAndSecureCookies()
    {
        await using var app = new PortalAppFactory(settings: new() { ["ReverseProxy:KnownProxies:0"] = "127.0.0.1", ["ReverseProxy:KnownProxies:1"] = "::1" });
        using var client = app.CreateHttpClient();

        using var page = await SendAsync(client, "/Account/Login");
        using var plain = await client.GetAsync("/Account/Login");

        Assert.True(page.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains(Cookies(page), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"), "plain http from the proxy gets no HSTS");
    }

    [Fact]
    public async Task ForwardedHttps_NoProxyConfigured_Ignored()
    {
        await using var app = new PortalAppFactory();
        using var client = app.CreateHttpClient();

        using var page = await SendAsync(client, "/Account/Login");

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    private static List<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];

    private static void Forwarded(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.20");
        request.Headers.Host = "portal.example.test";
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        Forwarded(request);
        return client.SendAsync(request);
    }
}

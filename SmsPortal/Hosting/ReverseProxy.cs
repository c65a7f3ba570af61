using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using SmsPortal.Hosting;

namespace SmsPortal.Hosting
{
    /// <summary>
    /// <c>ReverseProxy</c>: the TLS proxy in front of SmsPortal. Only requests from these addresses may tell us the
    /// client's address and scheme (X-Forwarded-For, X-Forwarded-Proto); from anyone else those headers are ignored, so
    /// they cannot dodge the per-address rate limits. Behind it, requests that arrived over https get HSTS and secure cookies.
    /// </summary>
    public sealed class ReverseProxyOptions
    {
        public const string Section = "ReverseProxy";

        /// <summary>The proxy's addresses, e.g. <c>127.0.0.1</c> for a proxy on the same machine.</summary>
        public List<string> KnownProxies { get; set; } = [];

        /// <summary>Networks the proxy's addresses may come from, e.g. <c>172.18.0.0/16</c> for a container network.</summary>
        public List<string> KnownNetworks { get; set; } = [];

        internal bool Configured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    public static class ReverseProxyServiceCollectionExtensions
    {
        public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
        {
            var proxy = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
            services.AddSingleton(proxy);
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                o.ForwardLimit = 1;
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var address in proxy.KnownProxies)
                {
                    o.KnownProxies.Add(IPAddress.TryParse(address, out var ip) ? ip
                        : throw new InvalidOperationException($"ReverseProxy:KnownProxies: '{address}' is not an IP address."));
                }
                foreach (var network in proxy.KnownNetworks)
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                        : throw new InvalidOperationException($"ReverseProxy:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."));
                }
            });
            services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
            // Secure whenever the request was https, as the proxy reports it: sign-in and antiforgery cookies alike.
            services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            services.ConfigureApplicationCookie(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            return services;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    public static class ReverseProxyApplicationBuilderExtensions
    {
        /// <summary>First in the pipeline: the client's address and scheme from a known proxy, then HSTS on https.</summary>
        public static WebApplication UseReverseProxySupport(this WebApplication app)
        {
            if (app.Services.GetRequiredService<ReverseProxyOptions>().Configured)
            {
                app.UseForwardedHeaders();
            }
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }
            return app;
        }
    }
}

namespace Microsoft.AspNetCore.Hosting;

public static class DefaultUrlExtensions
{
    public const string DefaultUrl = "http://localhost:5000";

    /// <summary>
    /// Listens on <see cref="DefaultUrl"/> unless the operator said where: <c>Urls</c> (appsettings.json or the
    /// environment), <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> or Kestrel endpoints.
    /// A default in the settings file would silently override the hosting variables every container sets.
    /// </summary>
    public static IWebHostBuilder UseDefaultUrlUnlessSet(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        var said = new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        return said ? webHost : webHost.UseUrls(DefaultUrl);
    }
}

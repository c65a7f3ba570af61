namespace Microsoft.AspNetCore.Builder;

public static class MonitoringEndpointRouteBuilderExtensions
{
    /// <summary>Prometheus' scrape endpoint, when <c>Metrics:Enabled</c> is true (off by default: it tells anyone who asks how busy the queues are).</summary>
    public static WebApplication MapMonitoring(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(MonitoringServiceCollectionExtensions.MetricsEnabled))
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }
        return app;
    }
}

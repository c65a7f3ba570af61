using OpenTelemetry.Metrics;
using SmsPortal.Monitoring;
using SmsPortal.Work;

namespace Microsoft.Extensions.DependencyInjection;

public static class MonitoringServiceCollectionExtensions
{
    public const string MetricsEnabled = "Metrics:Enabled";

    /// <summary><c>/healthz</c> checks the database; with <c>Metrics:Enabled</c>, OpenTelemetry metrics for <c>/metrics</c>.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        if (configuration.GetValue<bool>(MetricsEnabled))
        {
            services.AddHostedService<QueueGauges>();
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(WorkMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        }
        return services;
    }
}

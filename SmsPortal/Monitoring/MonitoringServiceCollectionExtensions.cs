using OpenTelemetry.Metrics;
using SmsPortal.Monitoring;
using SmsPortal.Work;

namespace Microsoft.Extensions.DependencyInjection;

public static class MonitoringServiceCollectionExtensions
{
    public const string MetricsEnabled = "Metrics:Enabled";

    /// <summary><c>/healthz</c> checks the database; with <c>Metrics:Enabled</c>, OpenTelemetry metrics for <c>/metrics</c>
    /// (ours, ASP.NET Core's requests and the runtime's own: GC, JIT, thread pool).</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        if (configuration.GetValue<bool>(MetricsEnabled))
        {
            services.AddHostedService<QueueGauges>();
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(WorkMetrics.MeterName)
                .AddMeter("System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        }
        return services;
    }
}

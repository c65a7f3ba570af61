using SmsPortal.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class HostingServiceCollectionExtensions
{
    /// <summary>The hourly clean-up: delivery log retention and expired secrets.</summary>
    public static IServiceCollection AddHousekeeping(this IServiceCollection services) =>
        services.AddHostedService<Housekeeping>();
}

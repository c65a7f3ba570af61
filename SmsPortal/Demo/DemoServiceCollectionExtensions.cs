using SmsPortal.Demo;

namespace Microsoft.Extensions.DependencyInjection;

public static class DemoServiceCollectionExtensions
{
    /// <summary>Sample contacts and messages for <c>demo seed</c> and the benchmarks.</summary>
    public static IServiceCollection AddDemoData(this IServiceCollection services) =>
        services.AddSingleton<DemoData>();
}

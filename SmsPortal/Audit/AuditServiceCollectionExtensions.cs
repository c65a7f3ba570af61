using SmsPortal.Audit;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuditServiceCollectionExtensions
{
    /// <summary>Reading the audit log; entries are written by the services whose changes they record.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLogService>();
        return services;
    }
}

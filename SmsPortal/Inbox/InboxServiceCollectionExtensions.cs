using SmsPortal.Contacts;
using SmsPortal.Inbox;

namespace Microsoft.Extensions.DependencyInjection;

public static class InboxServiceCollectionExtensions
{
    /// <summary>The inbox and the contacts behind it: conversations, threads, contact changes, CSV export.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddSingleton<ContactService>();
        services.AddSingleton<ContactExport>();
        services.AddSingleton<InboxService>();
        return services;
    }
}

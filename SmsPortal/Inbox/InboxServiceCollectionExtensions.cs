using SmsPortal.Inbox;

namespace Microsoft.Extensions.DependencyInjection;

public static class InboxServiceCollectionExtensions
{
    /// <summary>The shared inbox: conversations and threads.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services) =>
        services.AddSingleton<InboxService>();
}

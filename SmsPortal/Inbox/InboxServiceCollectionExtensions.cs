using SmsPortal.Inbox;

namespace Microsoft.Extensions.DependencyInjection;

public static class InboxServiceCollectionExtensions
{
    /// <summary>The shared inbox: conversations, threads, status, assignment (with its worker) and notes.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddSingleton<InboxService>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<InboxSettingsService>();
        services.AddSingleton<ConversationExport>();
        services.AddSingleton<AutoAssigner>();
        services.AddSingleton<AssignmentSignal>();
        services.AddHostedService<AssignmentWorker>();
        return services;
    }
}

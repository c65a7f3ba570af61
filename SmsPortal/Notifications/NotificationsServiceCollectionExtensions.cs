using SmsPortal.Notifications.Actions;
using SmsPortal.Processing;

namespace Microsoft.Extensions.DependencyInjection;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Team notifications: the rule action that leaves one.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services) =>
        services.AddSingleton<IRuleActionHandler, NotifyTeamHandler>();
}

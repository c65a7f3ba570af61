using SmsPortal.Processing;
using SmsPortal.Tickets.Actions;

namespace Microsoft.Extensions.DependencyInjection;

public static class TicketsServiceCollectionExtensions
{
    /// <summary>Tickets: the rule action that opens one.</summary>
    public static IServiceCollection AddTickets(this IServiceCollection services) =>
        services.AddSingleton<IRuleActionHandler, OpenTicketHandler>();
}

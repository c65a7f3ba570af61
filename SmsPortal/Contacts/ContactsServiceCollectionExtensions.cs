using SmsPortal.Contacts;
using SmsPortal.Contacts.Actions;
using SmsPortal.Processing;
using SmsPortal.Rules.Actions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ContactsServiceCollectionExtensions
{
    /// <summary>Contacts: changes made in the portal, the CSV export, and the rule actions on tags and consent.</summary>
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddSingleton<ContactService>();
        services.AddSingleton<ContactExport>();
        services.AddSingleton<SmsPortal.Contacts.Import.ContactImporter>();
        services.AddSingleton<IRuleActionHandler, AddTagHandler>();
        services.AddSingleton<IRuleActionHandler, RemoveTagHandler>();
        services.AddSingleton<IRuleActionHandler>(new ConsentHandler(ActionKind.OptOut));
        services.AddSingleton<IRuleActionHandler>(new ConsentHandler(ActionKind.OptIn));
        return services;
    }
}

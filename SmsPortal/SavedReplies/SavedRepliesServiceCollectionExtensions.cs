using SmsPortal.SavedReplies;

namespace Microsoft.Extensions.DependencyInjection;

public static class SavedRepliesServiceCollectionExtensions
{
    /// <summary>Saved replies (canned responses) and their variables.</summary>
    public static IServiceCollection AddSavedReplies(this IServiceCollection services) =>
        services.AddSingleton<SavedReplyService>();
}

using SmsPortal.Search;

namespace Microsoft.Extensions.DependencyInjection;

public static class SearchServiceCollectionExtensions
{
    /// <summary>Search over all history: contacts, messages and notes (full-text per database provider).</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services) =>
        services.AddSingleton<SearchService>();
}

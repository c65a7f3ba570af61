using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Microsoft.Extensions.Configuration;

public static class SettingsFileExtensions
{
    /// <summary>
    /// Loads the repository-root <c>appsettings.json</c>, which the build copies next to the app, with the
    /// precedence a content-root settings file has: environment variables and the command line still win.
    /// </summary>
    public static IConfigurationBuilder AddSmsPortalSettingsFile(this IConfigurationBuilder configuration)
    {
        var directory = AppContext.BaseDirectory;
        if (!File.Exists(Path.Combine(directory, "appsettings.json")))
        {
            return configuration;
        }
        var source = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(directory),
        };
        var firstJson = configuration.Sources.ToList().FindIndex(s => s is JsonConfigurationSource);
        configuration.Sources.Insert(firstJson < 0 ? 0 : firstJson, source);
        return configuration;
    }
}

using System.Runtime.CompilerServices;

namespace SmsPortal.Tests.Infrastructure;

internal static class TestEnvironment
{
    /// <summary>
    /// The suite starts dozens of app instances; each watches its settings files, and Linux allows a user only 128
    /// inotify instances. Tests never edit the files on disk, so they need no watching: polling (which uses no
    /// inotify) and no reload-on-change keep the suite inside the limit on any machine.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }
}

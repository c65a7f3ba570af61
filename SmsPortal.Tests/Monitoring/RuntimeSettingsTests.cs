using System.Text.Json;

namespace SmsPortal.Tests.Monitoring;

/// <summary>The app's runtime settings that its measured start-up depends on (docs/performance.md, eleventh pass).</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void AppRuntimeConfig_TurnsOffTheInstrumentedTier_AndKeepsServerGc()
    {
        // The project reference copies the app's runtimeconfig next to the tests; `dotnet run` and `dotnet publish` use the same file.
        var path = Path.Combine(AppContext.BaseDirectory, "SmsPortal.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
    }
}

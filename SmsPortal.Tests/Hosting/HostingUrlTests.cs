using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Hosting;

/// <summary>The hosting variables every container sets decide where the app listens; no settings-file default overrides them.</summary>
public sealed class HostingUrlTests : IDisposable
{
    private readonly string _directory = TestApp.NewDataDirectory();

    public void Dispose() => TestApp.TryDelete(_directory);

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    public async Task HostingVariable_AppListensWhereItSays(string variable)
    {
        var port = FakeGateway.FreePort();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["Database__DataDirectory"] = _directory }, port, variable);
        using var client = new HttpClient();

        using var response = await client.GetAsync(app.Url + "/healthz");

        Assert.True(response.IsSuccessStatusCode);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>The app on loopback with a clock the test moves (grace periods, signature timestamps, backoff).</summary>
public sealed class ClockedApp : IAsyncDisposable
{
    public ClockedApp(DateTimeOffset start, Dictionary<string, string?>? settings = null)
    {
        Time = new FakeTimeProvider(start);
        App = new PortalAppFactory(settings: settings, configureServices: services => services.AddSingleton<TimeProvider>(Time));
        Client = App.CreateHttpClient();
    }

    public FakeTimeProvider Time { get; }
    public PortalAppFactory App { get; }
    public HttpClient Client { get; }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

namespace SmsPortal.Tests.Infrastructure;

/// <summary>One running app shared by a test class; each test makes its own workspace and endpoint.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public PortalAppFactory App { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = App.CreateHttpClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.Messages;
using SmsPortal.Outbound;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Model;
using SmsPortal.Team;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// The one host for integration tests: the real app on a real loopback port (Kestrel on 127.0.0.1:0, so browsers
/// reach it too) with its own SQLite file in a temp folder. Options: <paramref name="dataDirectory"/> (pass the same
/// folder to a second host to "restart" the app on the same database), <paramref name="settings"/> (configuration
/// overrides), <paramref name="clock"/> (a <see cref="FakeTimeProvider"/> the test moves), <paramref name="signInByHeader"/>
/// (see <see cref="PortalSignIn.AsUser"/>), a <see cref="FakeGateway"/> the host owns, and any service replacements.
/// As an xunit class fixture (<c>IClassFixture&lt;TestApp&gt;</c>) one app is shared by a test class.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly bool _ownsDirectory;
    private readonly bool _signInByHeader;
    private readonly FakeTimeProvider? _time;
    private readonly FakeGateway? _gateway;
    private HttpClient? _client;

    public TestApp()
        : this(dataDirectory: null)
    {
    }

    internal TestApp(string? dataDirectory = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null,
        DateTimeOffset? clock = null, bool signInByHeader = false, FakeGateway? gateway = null)
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? NewDataDirectory();
        _settings = settings ?? [];
        _configureServices = configureServices;
        _signInByHeader = signInByHeader;
        _time = clock is { } start ? new FakeTimeProvider(start) : null;
        _gateway = gateway;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "smsportal.db");

    /// <summary>The test's clock (a host made with <c>clock:</c>; otherwise the app uses the system clock).</summary>
    public FakeTimeProvider Time => _time ?? throw new InvalidOperationException("This host has no test clock: make it with clock: start.");

    /// <summary>The fake gateway API this host owns (see <see cref="StartWithGatewayAsync"/>).</summary>
    public FakeGateway Gateway => _gateway ?? throw new InvalidOperationException("This host has no fake gateway: start it with StartWithGatewayAsync.");

    /// <summary>A client for the Kestrel server (started on first use), disposed with the host.</summary>
    public HttpClient Client => _client ??= CreateHttpClient();

    /// <summary>The server's address, e.g. for a browser.</summary>
    public string BaseUrl
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress.ToString();
        }
    }

    /// <summary>The app wired to a fake gateway API on loopback (the installation's gateway unless told not to).</summary>
    public static async Task<TestApp> StartWithGatewayAsync(bool configureGateway = true, Dictionary<string, string?>? settings = null)
    {
        var gateway = await FakeGateway.StartAsync();
        settings ??= [];
        if (configureGateway)
        {
            settings["Gateway:Type"] = "Generic";
            settings["Gateway:BaseUrl"] = gateway.Url;
            settings["Gateway:ApiKey"] = "gw-test-key";
        }
        return new TestApp(settings: settings, gateway: gateway);
    }

    public static string NewDataDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "smsportal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        builder.UseSetting("Database:SqliteSynchronous", "NORMAL");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in TestHostDefaults.Settings)
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            if (_time is not null)
            {
                services.AddSingleton<TimeProvider>(_time);
            }
            if (_signInByHeader)
            {
                PortalSignIn.AddHeaderScheme(services);
            }
            _configureServices?.Invoke(services);
        });
    }

    /// <summary>A new client for the Kestrel server (started on first use).</summary>
    public HttpClient CreateHttpClient()
    {
        StartServer();
        return CreateClient();
    }

    public AppDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Registers a user (so a workspace) and an endpoint, the way the CLI does.</summary>
    public async Task<TestEndpoint> CreateEndpointAsync(string? email = null)
    {
        StartServer();
        email ??= $"owner-{Guid.NewGuid():N}@example.test";
        await using var scope = Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<WorkspaceRegistration>().RegisterOwnerAsync(email, TestUsers.Password);
        var created = await Services.GetRequiredService<EndpointService>().CreateAsync(owner.WorkspaceId, Actor.Cli(), "Main", null);
        return new TestEndpoint(owner.WorkspaceId, created.Id, created.Secret, email);
    }

    /// <summary>Replaces an endpoint's secrets with one given secret (to replay the contract's fixed vectors).</summary>
    public async Task UseSecretAsync(TestEndpoint endpoint, string secret)
    {
        await using var db = CreateDbContext();
        await db.EndpointSecrets.Where(s => s.EndpointId == endpoint.Id).ExecuteDeleteAsync();
        db.EndpointSecrets.Add(new EndpointSecret
        {
            EndpointId = endpoint.Id,
            WorkspaceId = endpoint.WorkspaceId,
            ProtectedValue = Services.GetRequiredService<SigningSecrets>().Protect(secret),
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        Services.GetRequiredService<EndpointDirectory>().Invalidate(endpoint.Id);
    }

    public Task AddRuleAsync(TestEndpoint endpoint, RuleDefinition rule) =>
        Services.GetRequiredService<RuleService>().SaveAsync(endpoint.WorkspaceId, rule, Actor.Cli());

    /// <summary>Delivers one signed native-format SMS to the endpoint and expects it accepted.</summary>
    public async Task<HttpResponseMessage> SendAsync(TestEndpoint endpoint, string id, string text, string from = "+15551234567")
    {
        var response = await Client.PostAsync(endpoint, Deliveries.Body(id, text, from));
        response.EnsureSuccessStatusCode();
        return response;
    }

    public async Task<List<OutboundMessage>> OutboxAsync(TestEndpoint endpoint)
    {
        await using var db = CreateDbContext();
        return await db.OutboundMessages.Where(m => m.WorkspaceId == endpoint.WorkspaceId).OrderBy(m => m.Id).ToListAsync();
    }

    public async Task WaitUntilProcessedAsync(TestEndpoint endpoint, int count)
    {
        await Eventually.TrueAsync(async () =>
        {
            await using var db = CreateDbContext();
            return await db.InboundMessages.CountAsync(m => m.WorkspaceId == endpoint.WorkspaceId && m.Status == ProcessingStatus.Processed) >= count;
        }, $"{count} message(s) are processed");
    }

    Task IAsyncLifetime.InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        if (_ownsDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record TestEndpoint(Guid WorkspaceId, string Id, string Secret, string Email)
{
    public string Path => $"/hooks/sms/{Id}";

    public byte[] SecretBytes => Encoding.UTF8.GetBytes(Secret);
}

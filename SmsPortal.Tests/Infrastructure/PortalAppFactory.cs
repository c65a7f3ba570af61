using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.Team;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// The real app on a real loopback port (Kestrel), with its own SQLite file in a temp folder.
/// Pass the same <see cref="DataDirectory"/> to a second factory to "restart" the app on the same database.
/// </summary>
public sealed class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly bool _ownsDirectory;

    public PortalAppFactory(string? dataDirectory = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? NewDataDirectory();
        _settings = settings ?? [];
        _configureServices = configureServices;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "smsportal.db");

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
        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }

    /// <summary>A client for the Kestrel server (started on first use).</summary>
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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
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

using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Webhooks.Formats;

namespace SmsPortal.Tests.Webhooks;

/// <summary>When storage fails mid-delivery the gateway gets 503 with Retry-After as problem JSON, and the operator a log line.</summary>
public sealed class WebhookFailureTests
{
    private const string SigningKey = "whsec_httpsms-failure-test-key-0123";

    [Fact]
    public async Task StatusEvent_StorageThrows_503ProblemWithRetryAfterAndLogged()
    {
        var logs = new CapturedLogs();
        var storage = new SwitchableStorage();
        await using var app = new PortalAppFactory(configureServices: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddSingleton<IDbContextFactory<AppDbContext>>(sp => storage.Wrap(sp.GetRequiredService<IDbContextFactory<SqliteDbContext>>()));
        });
        var owner = await app.CreateEndpointAsync();
        var created = await app.Services.GetRequiredService<EndpointService>().CreateAsync(owner.WorkspaceId, Actor.Cli(), "httpSMS", null, EndpointFormat.HttpSms, SigningKey);
        using var client = app.CreateHttpClient();
        var body = HttpSmsToken.Event("message.phone.delivered", new { id = "32343a19-da5e-4b1b-a767-3298a73703cb", owner = "+18005550199", contact = "+15551234567", timestamp = "2026-11-24T10:00:00Z" });
        var token = HttpSmsToken.Create(SigningKey, DateTimeOffset.UtcNow, audience: "https://sms.example.test" + created.Path);
        using (var healthy = await PostAsync(client, created.Path, body, token))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        storage.Broken = true;
        using var response = await PostAsync(client, created.Path, body, token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("Storage unavailable", (await response.ReadProblemAsync()).GetProperty("title").GetString());
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains(created.Id));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await client.SendAsync(request);
    }

    /// <summary>The app's context factory, which throws like a locked database once <see cref="Broken"/> is set.</summary>
    private sealed class SwitchableStorage
    {
        public volatile bool Broken;

        public IDbContextFactory<AppDbContext> Wrap(IDbContextFactory<SqliteDbContext> inner) => new Factory(this, inner);

        private sealed class Factory(SwitchableStorage owner, IDbContextFactory<SqliteDbContext> inner) : IDbContextFactory<AppDbContext>
        {
            public AppDbContext CreateDbContext() => owner.Broken ? throw Locked() : inner.CreateDbContext();

            public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
                owner.Broken ? throw Locked() : await inner.CreateDbContextAsync(cancellationToken);

            private static SqliteException Locked() => new("SQLite Error 5: 'database is locked'.", 5);
        }
    }
}

using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.ApiKeys;
using SmsPortal.Audit;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.ApiKeys;

/// <summary>The bearer scheme over real HTTP: revocation and expiry at once, workspaces apart, no key kept or logged in clear.</summary>
public sealed class ApiKeyAuthenticationTests
{
    [Fact]
    public async Task RevokedKey_NextRequestGets401()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var key = await app.CreateKeyAsync(endpoint.WorkspaceId, ApiScopes.MessagesRead);
        using var client = app.ApiClient(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/messages")).StatusCode);

        await app.Services.GetRequiredService<ApiKeyService>().RevokeAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), key.Summary.Id);
        var response = await client.GetAsync("/api/v1/messages");

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task ExpiredKey_Gets401TheMomentItExpires()
    {
        await using var app = new TestApp(clock: DateTimeOffset.UtcNow);
        var endpoint = await app.CreateEndpointAsync();
        var created = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(
            endpoint.WorkspaceId, Actor.Cli(), "short-lived", [ApiScopes.MessagesRead], app.Time.GetUtcNow().AddHours(1));
        using var client = app.ApiClient(created.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/messages")).StatusCode);

        app.Time.Advance(TimeSpan.FromHours(1));

        await (await client.GetAsync("/api/v1/messages")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("smsp_")]
    [InlineData("smsp_aaaaaaaaaa_wrongsecret")]
    [InlineData("not-a-key")]
    public async Task UnknownOrMalformedKey_Gets401(string presented)
    {
        await using var app = new TestApp();

        await (await app.ApiClient(presented).GetAsync("/api/v1/messages")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RightPrefixWrongSecret_Gets401()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var key = await app.CreateKeyAsync(endpoint.WorkspaceId, ApiScopes.MessagesRead);
        var forged = key.Summary.Prefix + "_" + new string('A', key.Key.Length - key.Summary.Prefix.Length - 1);

        await (await app.ApiClient(forged).GetAsync("/api/v1/messages")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeyOfWorkspaceB_CannotReadOrChangeWorkspaceAsIds()
    {
        await using var app = new TestApp();
        var a = await app.CreateEndpointAsync();
        var b = await app.CreateEndpointAsync();
        await app.SendAsync(a, "iso-1", "private to A");
        await app.WaitUntilProcessedAsync(a, 1);
        await using var db = app.CreateDbContext();
        var message = await db.InboundMessages.SingleAsync(m => m.WorkspaceId == a.WorkspaceId);
        var contactId = message.ContactId!.Value;
        using var bClient = await app.ApiClientAsync(b.WorkspaceId, ApiScopes.Admin);

        var responses = new[]
        {
            await bClient.GetAsync($"/api/v1/messages/{message.Id}"),
            await bClient.GetAsync($"/api/v1/contacts/{contactId}"),
            await bClient.GetAsync($"/api/v1/conversations/{contactId}"),
            await bClient.PatchAsync($"/api/v1/contacts/{contactId}", new StringContent("""{"name":"hijacked"}""", Encoding.UTF8, "application/json")),
            await bClient.PostAsync($"/api/v1/contacts/{contactId}/opt-out", null),
            await bClient.DeleteAsync($"/api/v1/contacts/{contactId}"),
            await bClient.PostAsync($"/api/v1/endpoints/{a.Id}/rotate", new StringContent("{}", Encoding.UTF8, "application/json")),
        };
        var listed = await (await bClient.GetAsync("/api/v1/messages")).JsonAsync();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(0, listed.GetProperty("data").GetArrayLength());
        var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId);
        Assert.Equal((null, false), (contact.Name, contact.IsOptedOut));
    }

    [Fact]
    public async Task Key_NeverStoredNorLoggedInClear()
    {
        var logs = new CapturedLogs();
        await using var app = new TestApp(settings: new() { ["Logging:LogLevel:Default"] = "Trace" }, configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        var endpoint = await app.CreateEndpointAsync();
        var key = await app.CreateKeyAsync(endpoint.WorkspaceId, ApiScopes.MessagesSend, ApiScopes.MessagesRead);
        using var client = app.ApiClient(key.Key);
        await (await client.SendSmsAsync("+15550002222", "hello")).JsonAsync();
        await (await client.GetAsync("/api/v1/messages")).JsonAsync();
        await app.ApiClient(key.Key + "x").GetAsync("/api/v1/messages");
        var secret = key.Key[(ApiKeyService.PrefixLength + 1)..];

        await using (var db = app.CreateDbContext())
        {
            var row = await db.ApiKeys.SingleAsync(k => k.Id == key.Summary.Id);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key.Key)), row.Hash);
            Assert.NotNull(row.LastUsedAt);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        var stored = Directory.GetFiles(app.DataDirectory).Select(f => Encoding.UTF8.GetString(ReadShared(f))).ToList();
        Assert.Contains(stored, s => s.Contains(key.Summary.Prefix, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, s => s.Contains(secret, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PerKeyRateLimit_429WithRetryAfter_OtherKeysUnaffected()
    {
        await using var app = new TestApp(settings: new() { ["Api:RequestsPerKeyPerMinute"] = "3" });
        var endpoint = await app.CreateEndpointAsync();
        using var busy = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesRead);
        using var other = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesRead);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await busy.GetAsync("/api/v1/messages");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        await last.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(last.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/messages")).StatusCode);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Cli;

/// <summary>The admin CLI as an operator runs it: the app's own executable, as a separate process.</summary>
public sealed class AdminCliTests : IDisposable
{
    private readonly string _directory = TestApp.NewDataDirectory();

    public void Dispose() => TestApp.TryDelete(_directory);

    [Fact]
    public async Task UsersAndEndpoints_CreateListRotate_JsonOutAndUsableSecret()
    {
        var user = await RunAsync("users", "create", "--email", "ops@example.test", "--password", TestUsers.Password);
        var created = await RunAsync("endpoints", "create", "--email", "ops@example.test", "--name", "Front desk");
        var listed = await RunAsync("endpoints", "list", "--email", "ops@example.test");
        var id = created.Json.GetProperty("id").GetString()!;
        var rotated = await RunAsync("endpoints", "rotate", "--id", id, "--grace", "0");

        Assert.Equal((0, 0, 0, 0), (user.ExitCode, created.ExitCode, listed.ExitCode, rotated.ExitCode));
        Assert.Equal($"/hooks/sms/{id}", created.Json.GetProperty("path").GetString());
        Assert.StartsWith("whsec_", created.Json.GetProperty("secret").GetString());
        Assert.Equal("Front desk", listed.Json[0].GetProperty("name").GetString());
        var newSecret = rotated.Json.GetProperty("secret").GetString()!;
        Assert.NotEqual(created.Json.GetProperty("secret").GetString(), newSecret);

        // The rotated secret is the one the running app accepts.
        await using var app = new TestApp(_directory);
        using var client = app.CreateHttpClient();
        var endpoint = new TestEndpoint(Guid.Empty, id, newSecret, "ops@example.test");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(endpoint, Deliveries.Body("cli-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.PostAsync(endpoint with { Secret = created.Json.GetProperty("secret").GetString()! }, Deliveries.Body("cli-2"))).StatusCode);
    }

    [Fact]
    public async Task ApiKeysScopes_ChangesWhatTheKeyMayDo_Audited()
    {
        await RunAsync("users", "create", "--email", "keys@example.test", "--password", TestUsers.Password);
        var created = await RunAsync("api-keys", "create", "--email", "keys@example.test", "--name", "CRM", "--scopes", "messages:send,messages:read");
        var id = created.Json.GetProperty("id").GetString()!;

        var changed = await RunAsync("api-keys", "scopes", "--id", id, "--scopes", "messages:read,contacts:read");
        var refused = await RunAsync("api-keys", "scopes", "--id", id, "--scopes", "messages:teleport");

        Assert.Equal(0, changed.ExitCode);
        Assert.Equal(["messages:read", "contacts:read"], changed.Json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Unknown scope 'messages:teleport'", refused.Error);
        await using var app = new TestApp(_directory);
        using var client = app.ApiClient(created.Json.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendSmsAsync("+15550001515", "no longer allowed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/contacts")).StatusCode);
        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "api_key.scopes.changed");
        Assert.Equal("messages:read messages:send -> messages:read contacts:read", audit.Detail);
    }

    [Fact]
    public async Task DemoSeedAndBacklog_FillTheWorkspace()
    {
        await RunAsync("users", "create", "--email", "demo@example.test", "--password", TestUsers.Password);

        var seeded = await RunAsync("demo", "seed", "--email", "demo@example.test", "--contacts", "20", "--messages", "50");
        var backlog = await RunAsync("demo", "backlog", "--email", "demo@example.test", "--messages", "7");

        Assert.Equal((0, 0), (seeded.ExitCode, backlog.ExitCode));
        Assert.Equal(50, seeded.Json.GetProperty("messages").GetInt32());
        Assert.Equal(7, backlog.Json.GetProperty("pending").GetInt32());
    }

    [Theory]
    [InlineData("endpoints create --email nobody@example.test --name X", "No user")]
    [InlineData("endpoints rotate --id ep_missing", "not found")]
    [InlineData("endpoints rotate --id ep_missing --grace soon", "Grace period")]
    [InlineData("users create --email bad --password Passw0rd!", "email")]
    [InlineData("users create --email a@example.test --password short", "Passwords must")]
    [InlineData("endpoints frobnicate", "Unknown command")]
    [InlineData("endpoints create --email", "needs a value")]
    public async Task Errors_OneLineReasonAndNonZeroExit(string arguments, string reason)
    {
        var result = await RunAsync(arguments.Split(' '));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Single(result.Error.Trim().Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.Equal("", result.Output.Trim());
    }

    private async Task<CliResult> RunAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await AppProcess.RunCliAsync(new Dictionary<string, string>
        {
            ["Database__DataDirectory"] = _directory,
            ["Database__SqliteSynchronous"] = "NORMAL",
        }, arguments);
        return new CliResult(exitCode, output, error);
    }

    private sealed record CliResult(int ExitCode, string Output, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Output).RootElement;
    }
}

using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Webhooks;

public sealed class StorageUnavailableTests
{
    [Fact]
    public async Task Post_DatabaseLockedByAnotherWriter_503NothingStoredThenAcceptedOnRetry()
    {
        await using var app = new TestApp(settings: new() { ["Database:CommandTimeoutSeconds"] = "1" });
        using var client = app.CreateHttpClient();
        var endpoint = await app.CreateEndpointAsync();
        var body = Deliveries.Body("locked-1");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(endpoint, Deliveries.Body("warm-up"))).StatusCode);

        HttpResponseMessage whileLocked;
        await using (var blocker = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            await blocker.OpenAsync();
            await using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }
            whileLocked = await client.PostAsync(endpoint, body);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileLocked.StatusCode);
        Assert.Equal("5", whileLocked.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        await whileLocked.ReadProblemAsync();
        await using (var db = app.CreateDbContext())
        {
            Assert.False(await db.InboundMessages.AnyAsync(m => m.ExternalId == "locked-1"));
        }
        var retry = await (await client.PostAsync(endpoint, body)).ReadAckAsync();
        Assert.Equal("accepted", retry.Status);
    }
}

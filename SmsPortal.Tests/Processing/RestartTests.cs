using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Messages;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Processing;

/// <summary>Two app instances, one after the other, on the same SQLite file.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _directory = PortalAppFactory.NewDataDirectory();

    public void Dispose() => PortalAppFactory.TryDelete(_directory);

    [Fact]
    public async Task Start_PendingMessageLeftByPreviousRun_IsProcessed()
    {
        TestEndpoint endpoint;
        await using (var first = new PortalAppFactory(_directory))
        {
            endpoint = await first.CreateEndpointAsync();
        }

        // As if the process had died after committing a message and before processing it: the row is
        // written while no app is running.
        var options = new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "smsportal.db")}").Options;
        await using (var db = new SqliteDbContext(options))
        {
            db.InboundMessages.Add(new InboundMessage
            {
                Id = "msg_0000000000000000000000pend",
                WorkspaceId = endpoint.WorkspaceId,
                EndpointId = endpoint.Id,
                ExternalId = "left-pending",
                From = "+15551234567",
                Text = "hi",
                RawPayload = "{}",
                ReceivedAt = DateTimeOffset.UtcNow,
                StoredAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        await using var second = new PortalAppFactory(_directory);
        second.StartServer();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = second.CreateDbContext();
            return await db.InboundMessages.AnyAsync(m => m.ExternalId == "left-pending" && m.Status == ProcessingStatus.Processed);
        }, "the restarted app processes the pending message");
    }

    [Fact]
    public async Task Restart_SecretsStillDecryptAndVerify()
    {
        TestEndpoint endpoint;
        await using (var first = new PortalAppFactory(_directory))
        {
            endpoint = await first.CreateEndpointAsync();
        }

        await using var second = new PortalAppFactory(_directory);
        using var client = second.CreateHttpClient();
        var revealed = await second.Services.GetRequiredService<EndpointService>().RevealSecretAsync(endpoint.WorkspaceId, Actor.Cli(), endpoint.Id);
        using var response = await client.PostAsync(endpoint, Deliveries.Body("after-restart"));

        Assert.Equal(endpoint.Secret, revealed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

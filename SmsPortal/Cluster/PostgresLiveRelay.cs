using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Work;

namespace SmsPortal.Cluster;

/// <summary>
/// Carries portal live updates between nodes on PostgreSQL with <c>LISTEN/NOTIFY</c>: updates published here are
/// sent in small batches on one channel, and every other node hands them to its own circuits. Best effort, as live
/// updates are: a page that misses one shows the change when it next loads. Idle on the other providers.
/// </summary>
internal sealed class PostgresLiveRelay(DatabaseOptions database, LiveUpdates live, WorkNode node, ILogger<PostgresLiveRelay> logger) : BackgroundService
{
    private const string ChannelName = "smsportal_live";
    // NOTIFY payloads are limited to 8000 bytes.
    private const int MaxPerNotice = 40;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<LiveUpdate> _outgoing = Channel.CreateBounded<LiveUpdate>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            // One database file, one node: live updates stay in process.
            return Task.CompletedTask;
        }
        live.Relay = update => _outgoing.Writer.TryWrite(update);
        return Task.WhenAll(KeepAsync(SendAsync, stoppingToken), KeepAsync(ListenAsync, stoppingToken));
    }

    private async Task KeepAsync(Func<CancellationToken, Task> loop, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await loop(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Relaying live updates between nodes failed; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        var batch = new List<LiveUpdate>(MaxPerNotice);
        while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxPerNotice && _outgoing.Reader.TryRead(out var update))
            {
                batch.Add(update);
            }
            await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            command.Parameters.AddWithValue("channel", ChannelName);
            command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(new Notice(node.Id, batch), Json));
            await command.ExecuteNonQueryAsync(stoppingToken);
            batch.Clear();
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, e) => Receive(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void Receive(string payload)
    {
        var notice = JsonSerializer.Deserialize<Notice>(payload, Json);
        if (notice is null || notice.Origin == node.Id)
        {
            return;
        }
        foreach (var update in notice.Updates)
        {
            live.PublishLocal(update);
        }
    }

    private sealed record Notice(string Origin, List<LiveUpdate> Updates);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Work;

namespace SmsPortal.Outbound;

/// <summary>
/// Sends queued messages through the gateway, each under a lease: claimed as <c>Sending</c> (committed) before
/// the request, and its result committed on its own the moment the gateway answers, with the gateway's id. Only
/// the head of each contact's queue is claimed, so one contact's replies leave in order across nodes; each
/// workspace has at most <see cref="QueueOptions.MaxInFlightPerWorkspace"/> requests at its gateway at once (a send
/// whose answer is in stops counting while its commit waits), so a slow gateway delays only its own workspace. Opted-out recipients are checked again here, at the last moment: in the claim, one query
/// for all it took, a moment before each is sent.
/// </summary>
/// <remarks>
/// A message found <c>Sending</c> with its lease run out was caught mid-send by a node that died. Where the
/// gateway honours our id as its idempotency key (Generic, SMSGate) it is sent again; where it does not
/// (textbee, Twilio, httpSMS) the gateway may already have it, so it is failed with that reason instead of
/// being sent twice, and the portal can retry it.
/// </remarks>
public sealed class OutboundDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceProvider services,
    IOptionsMonitor<GatewayOptions> options,
    IOptionsMonitor<QueueOptions> queues,
    LeaseStore leases,
    GroupCommit commits,
    OutboxSignals signals,
    LiveUpdates live,
    TimeProvider time,
    ILogger<OutboundDispatcher> logger,
    GatewaySettingsService? workspaceGateways = null,
    EventWebhooks.EventInterest? interest = null,
    SqliteLogFlush? logFlush = null)
    : QueueWorker<OutboundMessage>(signals.Outbound, queues, QueueOptions.Outbound, logger)
{
    internal const string InterruptedReason =
        "Interrupted while sending: the node sending it stopped before the gateway's answer was saved. The gateway may " +
        "have sent it; it was not sent again because this gateway takes no idempotency key. Retry it if it did not arrive.";

    private readonly HashSet<string> _interrupted = [];
    /// <summary>Claimed replies whose recipient the claim checked: true where they have opted out.</summary>
    private readonly Dictionary<string, bool> _optedOutAtClaim = [];
    private readonly Lock _marksLock = new();
    private readonly GatewaySlots _slots = new();
    /// <summary>Workspaces whose gateway deduplicates by our id, as last seen by a send: the claim takes ahead for them.</summary>
    private readonly ConcurrentDictionary<Guid, bool> _resendable = new();
    /// <summary>When the last claim looked for sends a stopped node left behind (0: never).</summary>
    private long _interruptedSweptAt;

    protected override int MaxInFlight => Math.Max(1, options.CurrentValue.MaxConcurrentSends);

    protected override int MaxInFlightPerWorkspace => Options.MaxInFlightPerWorkspace;

    /// <summary>
    /// A workspace whose gateway takes our id as its idempotency key has up to a second share claimed ahead, waiting
    /// for a gateway slot: a send starts the moment another's answer is in, not after the next claim's commit. Only
    /// there: a node that stops leaves what it claimed <c>Sending</c>, and only such a gateway is sent it again
    /// (the others would fail it as possibly sent, though the rows claimed ahead never left).
    /// </summary>
    protected override int ClaimAheadFor(Guid workspaceId) =>
        _resendable.TryGetValue(workspaceId, out var resendable) && resendable ? Options.MaxInFlightPerWorkspace : 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var onChange = options.OnChange(_ => signals.Outbound.Notify());
        await base.ExecuteAsync(stoppingToken);
    }

    /// <remarks>
    /// A claim must be on disk before any of its sends leaves: a reply whose claim a power cut undid would be queued
    /// again and sent twice. On SQLite at <c>FULL</c> the claim commits without a flush of its own and is flushed after
    /// it gave up the write turn (<see cref="SqliteLogFlush"/>), before it is returned. A flush that fails throws: the
    /// claim's replies are not sent and stay <c>Sending</c> until their lease runs out, as a stopped node leaves them.
    /// </remarks>
    protected override async Task<Claim<OutboundMessage>> ClaimAsync(int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var unflushed = await SqliteLogFlush.OpenWithoutOwnFlushAsync(logFlush, db, cancellationToken);
        var claim = await ClaimAsync(db, capacity, full, cancellationToken);
        if (unflushed is { Deferred: true } && claim.Items.Count > 0)
        {
            await logFlush!.FlushAsync().WaitAsync(cancellationToken);
        }
        return claim;
    }

    private async Task<Claim<OutboundMessage>> ClaimAsync(AppDbContext db, int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (SweepDue())
        {
            var working = Working;
            var interrupted = await leases.ClaimAsync(db, Queue,
                db.OutboundMessages.Where(m => m.Status == OutboundStatus.Sending && m.LeaseExpiresAt <= now && !working.Contains(m.Id)).OrderBy(m => m.Id).Take(capacity),
                m => m.Status == OutboundStatus.Sending, Options.LeaseDuration, null, cancellationToken);
            if (interrupted.Items.Count > 0)
            {
                lock (_marksLock)
                {
                    _interrupted.UnionWith(interrupted.Items.Select(m => m.Id));
                }
                return interrupted;
            }
        }

        // Only workspaces with their own gateway, or one the installation's sends for, can send; the rest stay queued.
        var configured = options.CurrentValue.IsConfigured;
        var sendable = workspaceGateways is null
            ? (configured ? null : [])
            : await workspaceGateways.SendableWorkspacesAsync(configured, cancellationToken);
        if (sendable is { Count: 0 })
        {
            return Claim<OutboundMessage>.Empty;
        }
        var queued = db.OutboundMessages.Where(m => m.Status == OutboundStatus.Queued);
        if (sendable is not null)
        {
            queued = queued.Where(m => sendable.Contains(m.WorkspaceId));
        }
        if (full.Count > 0)
        {
            queued = queued.Where(m => !full.Contains(m.WorkspaceId));
        }
        var candidates = await queued
            // The head of its contact's queue: nothing older for the same contact is waiting or being sent.
            .Where(m => !db.OutboundMessages.Any(o => o.ContactId == m.ContactId
                && (o.Status == OutboundStatus.Queued || o.Status == OutboundStatus.Sending) && string.Compare(o.Id, m.Id) < 0
                // A reply held for the recipient's quiet hours (never tried yet) does not hold back what comes after it.
                && !(o.Attempts == 0 && o.NextAttemptAt > now)))
            .Where(m => m.NextAttemptAt == null || m.NextAttemptAt <= now)
            .Where(LeaseStore.LeaseFree<OutboundMessage>(now))
            .OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.WorkspaceId })
            .Take(capacity * 8)
            .ToListAsync(cancellationToken);
        var chosen = FairShare.Pick([.. candidates.Select(c => (c.Id, c.WorkspaceId))], RoomFor, capacity);
        var claim = await leases.ClaimAsync(db, Queue, db.OutboundMessages.Where(m => chosen.Contains(m.Id)), m => m.Status == OutboundStatus.Queued, Options.LeaseDuration, set =>
        {
            set.SetProperty(m => m.Status, OutboundStatus.Sending);
            set.SetProperty(m => m.Attempts, m => m.Attempts + 1);
            set.SetProperty(m => m.UpdatedAt, now);
        }, cancellationToken);
        try
        {
            await MarkOptedOutAsync(db, claim.Items, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The claim has committed: its sends go ahead, each checked on its own instead.
            logger.LogWarning(ex, "Checking {Count} claimed replies for opt-outs failed; each is checked before its send", claim.Items.Count);
        }
        return claim;
    }

    /// <summary>
    /// Whether this claim looks for sends a stopped node left behind: the first claim, then at most once a second (or
    /// a third of the lease, if shorter). Such a send's lease has to run out first, so looking at every claim (several
    /// per reply at a low rate) only spent a query each time; a stopped node's sends are found within a second of
    /// their lease running out.
    /// </summary>
    private bool SweepDue()
    {
        var every = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, Options.LeaseDuration.Ticks / 3));
        var last = Interlocked.Read(ref _interruptedSweptAt);
        if (last != 0 && Stopwatch.GetElapsedTime(last) < every)
        {
            return false;
        }
        Interlocked.Exchange(ref _interruptedSweptAt, Stopwatch.GetTimestamp());
        return true;
    }

    /// <summary>Notes which of the claimed messages go to a contact who has opted out since they were queued (one query for the claim).</summary>
    private async Task MarkOptedOutAsync(AppDbContext db, IReadOnlyList<OutboundMessage> claimed, CancellationToken cancellationToken)
    {
        var contacts = claimed.Where(m => !m.IsOptOutConfirmation).Select(m => m.ContactId).Distinct().ToList();
        if (contacts.Count == 0)
        {
            return;
        }
        var optedOut = (await db.Contacts.Where(c => contacts.Contains(c.Id) && c.IsOptedOut).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        lock (_marksLock)
        {
            foreach (var message in claimed.Where(m => !m.IsOptOutConfirmation))
            {
                _optedOutAtClaim[message.Id] = optedOut.Contains(message.ContactId);
            }
        }
    }

    private async Task<bool> IsOptedOutAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.IsOptOutConfirmation)
        {
            return false;
        }
        lock (_marksLock)
        {
            if (_optedOutAtClaim.Remove(message.Id, out var optedOut))
            {
                return optedOut;
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Contacts.AnyAsync(c => c.Id == message.ContactId && c.IsOptedOut, cancellationToken);
    }

    protected override Task<int> RenewAsync(string owner, IReadOnlyCollection<string> ids, TimeSpan lease, CancellationToken cancellationToken) =>
        leases.RenewAsync<OutboundMessage>(dbFactory, owner, ids, lease, cancellationToken);

    protected override async Task RunAsync(IReadOnlyList<OutboundMessage> unit, string owner, CancellationToken cancellationToken)
    {
        var message = unit[0];
        var settle = new OutboundSettlement(commits, owner, time, await WantedEventsAsync(message.WorkspaceId, cancellationToken));
        var gatewaySettings = workspaceGateways is null ? options.CurrentValue : await workspaceGateways.EffectiveAsync(message.WorkspaceId, cancellationToken);
        if (TakeMark(_interrupted, message.Id))
        {
            var resend = GatewayOptions.TakesIdempotencyKey(gatewaySettings.Type);
            logger.LogWarning("Outbound {OutboundId} was being sent by a node that stopped; {Action}", message.Id, resend ? "sending it again with the same id" : "not sending it again");
            Publish(message, await (resend ? settle.RequeueAsync(message) : settle.FailAsync(message, InterruptedReason)));
            return;
        }
        if (await IsOptedOutAsync(message, cancellationToken))
        {
            Publish(message, await settle.FailAsync(message, "The recipient has opted out."));
            return;
        }

        var resendable = GatewayOptions.TakesIdempotencyKey(gatewaySettings.Type);
        _resendable[message.WorkspaceId] = resendable;
        GatewaySendResult result;
        using (await _slots.EnterAsync(message.WorkspaceId, Options.MaxInFlightPerWorkspace, cancellationToken))
        {
            var started = Stopwatch.GetTimestamp();
            result = await SendOneAsync(message, cancellationToken);
            OutboundMetrics.RecordSend(gatewaySettings.Type, result.Outcome, Stopwatch.GetElapsedTime(started));
        }
        // The gateway is done with it: the workspace's next send need not wait for this one's commit.
        LeaveShare(message.Id);
        Publish(message, await settle.ApplyAsync(message, result, Options, resendable));
    }

    /// <summary>
    /// The event types the workspace's webhooks want. When they cannot be read, every status event is raised (the
    /// fan-out drops what nobody wants) rather than failing a claimed send before it leaves.
    /// </summary>
    private async Task<IReadOnlySet<string>?> WantedEventsAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        if (interest is null)
        {
            return null;
        }
        try
        {
            return await interest.WantedAsync(workspaceId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Reading which events workspace {WorkspaceId} wants failed; raising every status event", workspaceId);
            return null;
        }
    }

    private bool TakeMark(HashSet<string> marks, string id)
    {
        lock (_marksLock)
        {
            return marks.Remove(id);
        }
    }

    private async Task<GatewaySendResult> SendOneAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await services.GetRequiredService<IGatewayClient>().SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Where it failed is unknown, so the request may have left: only a gateway that deduplicates gets it again.
            logger.LogWarning(ex, "Sending {OutboundId} failed unexpectedly", message.Id);
            return GatewaySendResult.Uncertain(ex.Message);
        }
    }

    private void Publish(OutboundMessage message, OutboundStatus? status)
    {
        if (status is { } settled)
        {
            live.Publish(new LiveUpdate(LiveUpdateKind.OutboundStatusChanged, message.WorkspaceId, message.ContactId, message.Id, settled.ToString()));
        }
    }
}

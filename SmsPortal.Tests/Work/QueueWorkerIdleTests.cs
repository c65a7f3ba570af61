using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmsPortal.Common;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Work;

namespace SmsPortal.Tests.Work;

/// <summary>An idle queue waits for a signal or its poll interval; it does not claim in a loop, nor again when nothing more is claimable.</summary>
public sealed class QueueWorkerIdleTests
{
    [Fact]
    public async Task BatchingQueue_WithNothingToClaim_ClaimsOnlyWhenSignalledOrPolled()
    {
        var signal = new WorkSignal();
        var worker = new BatchingWorker(signal);
        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var idleClaims = worker.Claims;

        var item = new Item("a", Guid.NewGuid());
        worker.Offer(item);
        signal.Notify();
        await Eventually.TrueAsync(() => Task.FromResult(worker.Ran.Contains("a")), "the offered item is worked on", 10);
        await worker.StopAsync(CancellationToken.None);

        // One claim at start; with a 30 s poll nothing else should wake it. The busy loop made thousands.
        Assert.InRange(idleClaims, 1, 3);
        Assert.Equal(["a"], worker.Ran);
    }

    [Fact]
    public async Task FinishedSend_WhenTheLastClaimTookEverything_DoesNotClaimAgain()
    {
        var signal = new WorkSignal();
        var worker = new SharingWorker(signal, perWorkspace: 4);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(worker.Claims >= 1), "the first claim runs", 10);
        var workspace = Guid.NewGuid();
        worker.Offer(new Item("a", workspace), new Item("b", workspace));
        signal.Notify();
        await Eventually.TrueAsync(() => Task.FromResult(worker.Started.Count == 2), "both items start", 10);
        var claims = worker.Claims;

        worker.LeaveShareOf("a", "b");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var afterLeaving = worker.Claims;
        worker.Finish();
        await worker.StopAsync(CancellationToken.None);

        // The claim took both and the workspace had room to spare: nothing more could be claimed.
        Assert.Equal(claims, afterLeaving);
    }

    [Fact]
    public async Task FinishedSend_OfAWorkspaceAtItsShare_StartsTheNextBeforeItsUnitEnds()
    {
        var signal = new WorkSignal();
        var worker = new SharingWorker(signal, perWorkspace: 1);
        await worker.StartAsync(CancellationToken.None);
        var workspace = Guid.NewGuid();
        worker.Offer(new Item("a", workspace), new Item("b", workspace));
        signal.Notify();
        await Eventually.TrueAsync(() => Task.FromResult(worker.Started.Contains("a")), "the first item starts", 10);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain("b", worker.Started);

        worker.LeaveShareOf("a");
        await Eventually.TrueAsync(() => Task.FromResult(worker.Started.Contains("b")), "the second item starts while the first still runs", 10);
        worker.Finish();
        await worker.StopAsync(CancellationToken.None);
    }

    private sealed record Item(string Id, Guid WorkspaceId) : ILeased
    {
        public string? LeaseOwner { get; set; }
        public DateTimeOffset? LeaseExpiresAt { get; set; }
    }

    private sealed class BatchingWorker(WorkSignal signal)
        : QueueWorker<Item>(signal, new StaticOptions(), "test", NullLogger.Instance)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Item> _waiting = new();
        private int _claims;

        public int Claims => Volatile.Read(ref _claims);

        public List<string> Ran { get; } = [];

        public void Offer(Item item) => _waiting.Enqueue(item);

        protected override int MaxInFlight => 10;

        protected override int MaxUnits => 1;

        protected override TimeSpan IdlePoll => TimeSpan.FromSeconds(30);

        protected override IEnumerable<IReadOnlyList<Item>> Units(IReadOnlyList<Item> claimed) => [claimed];

        protected override Task<Claim<Item>> ClaimAsync(int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _claims);
            var items = new List<Item>();
            while (items.Count < capacity && _waiting.TryDequeue(out var item))
            {
                items.Add(item);
            }
            return Task.FromResult(items.Count == 0 ? Claim<Item>.Empty : new Claim<Item>(items, "owner", 0));
        }

        protected override Task RunAsync(IReadOnlyList<Item> unit, string owner, CancellationToken cancellationToken)
        {
            lock (Ran)
            {
                Ran.AddRange(unit.Select(i => i.Id));
            }
            return Task.CompletedTask;
        }

        protected override Task<int> RenewAsync(string owner, IReadOnlyCollection<string> ids, TimeSpan lease, CancellationToken cancellationToken) =>
            Task.FromResult(ids.Count);
    }

    /// <summary>One item per unit; each runs until the test says its send is done (leaves its share), then until <see cref="Finish"/>.</summary>
    private sealed class SharingWorker(WorkSignal signal, int perWorkspace)
        : QueueWorker<Item>(signal, new StaticOptions(), "test", NullLogger.Instance)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Item> _waiting = new();
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _claims;

        public int Claims => Volatile.Read(ref _claims);

        public System.Collections.Concurrent.ConcurrentBag<string> Started { get; } = [];

        public void Offer(params Item[] items)
        {
            foreach (var item in items)
            {
                _waiting.Enqueue(item);
            }
        }

        public void LeaveShareOf(params string[] ids)
        {
            foreach (var id in ids)
            {
                LeaveShare(id);
            }
        }

        public void Finish() => _finish.TrySetResult();

        protected override int MaxInFlight => 10;

        protected override int MaxInFlightPerWorkspace => perWorkspace;

        protected override TimeSpan IdlePoll => TimeSpan.FromSeconds(30);

        protected override Task<Claim<Item>> ClaimAsync(int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _claims);
            // As the real claims do: none of a full workspace, and no more of one than its room.
            var items = new List<Item>();
            var skipped = new List<Item>();
            while (items.Count < capacity && _waiting.TryDequeue(out var item))
            {
                var room = RoomFor(item.WorkspaceId) - items.Count(i => i.WorkspaceId == item.WorkspaceId);
                (full.Contains(item.WorkspaceId) || room <= 0 ? skipped : items).Add(item);
            }
            foreach (var item in skipped)
            {
                _waiting.Enqueue(item);
            }
            return Task.FromResult(items.Count == 0 ? Claim<Item>.Empty : new Claim<Item>(items, "owner", 0));
        }

        protected override async Task RunAsync(IReadOnlyList<Item> unit, string owner, CancellationToken cancellationToken)
        {
            Started.Add(unit.Single().Id);
            await _finish.Task.WaitAsync(cancellationToken);
        }

        protected override Task<int> RenewAsync(string owner, IReadOnlyCollection<string> ids, TimeSpan lease, CancellationToken cancellationToken) =>
            Task.FromResult(ids.Count);
    }

    private sealed class StaticOptions : IOptionsMonitor<QueueOptions>
    {
        public QueueOptions CurrentValue { get; } = new();

        public QueueOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<QueueOptions, string?> listener) => null;
    }
}

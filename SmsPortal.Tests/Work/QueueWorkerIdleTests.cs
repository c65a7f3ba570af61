using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmsPortal.Common;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Work;

namespace SmsPortal.Tests.Work;

/// <summary>An idle queue waits for a signal or its poll interval; it does not claim in a loop.</summary>
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

    private sealed class StaticOptions : IOptionsMonitor<QueueOptions>
    {
        public QueueOptions CurrentValue { get; } = new();

        public QueueOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<QueueOptions, string?> listener) => null;
    }
}

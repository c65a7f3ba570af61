using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using SmsPortal.Contacts;
using SmsPortal.Processing;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Work;

namespace SmsPortal.Tests.Work;

/// <summary>
/// The processing worker's thread: lowered in the operating system's eyes (its nice value read back from /proc),
/// its async work coming back to it after every await, and SQLite's write turn never taken on it.
/// </summary>
public sealed class LowPriorityLaneTests
{
    [Fact]
    public async Task RunAsync_EveryContinuation_ComesBackToTheOneLoweredThread()
    {
        using var lane = new LowPriorityLane("lane-test", NullLogger.Instance);
        var released = new SemaphoreSlim(0);
        var threads = new List<int>();
        var nice = new List<int>();

        await lane.RunAsync(async () =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            nice.Add(ThreadNice());
            await Task.Yield();
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Delay(20);
            threads.Add(Environment.CurrentManagedThreadId);
            // Released from a thread-pool thread: the continuation still comes back here.
            _ = Task.Run(async () => { await Task.Delay(20); released.Release(); });
            await released.WaitAsync();
            threads.Add(Environment.CurrentManagedThreadId);
            nice.Add(ThreadNice());
        });

        Assert.Single(threads.Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, threads[0]);
        if (OperatingSystem.IsLinux())
        {
            // setpriority sets the thread's nice value to 10 unless the whole process already runs nicer than that.
            Assert.All(nice, n => Assert.Equal(Math.Max(LowPriorityLane.Nice, ProcessNice()), n));
            Assert.Equal(ProcessNice() <= LowPriorityLane.Nice, lane.Lowered);
        }
    }

    [Fact]
    public async Task AtNormalPriority_OnTheLane_RunsOnTheThreadPoolAndComesBack()
    {
        using var lane = new LowPriorityLane("lane-test", NullLogger.Instance);
        int laneThread = 0, poolThread = 0, after = 0, poolNice = 0;
        SynchronizationContext? poolContext = new();

        await lane.RunAsync(async () =>
        {
            laneThread = Environment.CurrentManagedThreadId;
            poolThread = await LowPriorityLane.AtNormalPriority(async () =>
            {
                await Task.Yield();
                poolContext = SynchronizationContext.Current;
                poolNice = ThreadNice();
                return Environment.CurrentManagedThreadId;
            });
            after = Environment.CurrentManagedThreadId;
        });

        Assert.NotEqual(laneThread, poolThread);
        Assert.Null(poolContext);
        Assert.Equal(laneThread, after);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(ProcessNice(), poolNice);
        }
    }

    [Fact]
    public async Task RunAsync_WorkThrows_TheTaskCarriesTheExceptionAndTheLaneGoesOn()
    {
        using var lane = new LowPriorityLane("lane-test", NullLogger.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => lane.RunAsync(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("broken");
        }));
        var ran = false;
        await lane.RunAsync(() => { ran = true; return Task.CompletedTask; });

        Assert.Equal("broken", error.Message);
        Assert.True(ran);
    }

    [Fact]
    public async Task Post_AfterDispose_RunsOnTheThreadPoolInsteadOfBeingLost()
    {
        var lane = new LowPriorityLane("lane-test", NullLogger.Instance);
        lane.Dispose();

        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lane.Post(_ => ran.SetResult(), null);

        await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WriteTurn_OnTheLane_IsRefused_AtNormalPriorityItCommits()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        using var lane = new LowPriorityLane("lane-test", NullLogger.Instance);

        async Task SaveContactAsync(string phone)
        {
            await using var db = app.CreateDbContext();
            db.Contacts.Add(new Contact { WorkspaceId = endpoint.WorkspaceId, Number = phone });
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => lane.RunAsync(() => SaveContactAsync("+15550000001")));
        await lane.RunAsync(() => LowPriorityLane.AtNormalPriority(() => SaveContactAsync("+15550000002")));

        Assert.Contains("write turn", refused.Message);
        await using var check = app.CreateDbContext();
        Assert.Equal(["+15550000002"], check.Contacts.Where(c => c.WorkspaceId == endpoint.WorkspaceId).Select(c => c.Number).ToList());
    }

    [Fact]
    public async Task ProcessingWorker_RunsOnALoweredThread_AndStillProcessesAndCommits()
    {
        await using var app = new TestApp();
        using var client = app.CreateHttpClient();
        var endpoint = await app.CreateEndpointAsync();

        var response = await client.PostAsync(endpoint, Deliveries.Body("lane-1"));
        response.EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return db.InboundMessages.Any(m => m.ExternalId == "lane-1" && m.Status == SmsPortal.Messages.ProcessingStatus.Processed);
        }, "the message is processed (its commit left the lane: on it the write turn is refused)");

        var worker = app.Services.GetServices<IHostedService>().OfType<InboundProcessingWorker>().Single();
        Assert.NotNull(worker.Lane);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Math.Max(LowPriorityLane.Nice, ProcessNice()), ThreadNice(worker.Lane.NativeThreadId!.Value));
        }
    }

    [Fact]
    public async Task ProcessingWorker_BelowNormalPriorityOff_RunsWithoutALane()
    {
        await using var app = new TestApp(settings: new() { ["Processing:BelowNormalPriority"] = "false" });
        using var client = app.CreateHttpClient();
        var endpoint = await app.CreateEndpointAsync();

        (await client.PostAsync(endpoint, Deliveries.Body("nolane-1"))).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return db.InboundMessages.Any(m => m.ExternalId == "nolane-1" && m.Status == SmsPortal.Messages.ProcessingStatus.Processed);
        }, "the message is processed");

        Assert.Null(app.Services.GetServices<IHostedService>().OfType<InboundProcessingWorker>().Single().Lane);
    }

    [Fact]
    public async Task ProcessingWorker_BatchThatWaitedPastTheLimit_RunsAtNormalPriority()
    {
        // A test clock that stands still: a delivery processed now has waited 0 s.
        var now = DateTimeOffset.UtcNow;
        await using var app = new TestApp(clock: now);
        using var client = app.CreateHttpClient();
        var endpoint = await app.CreateEndpointAsync();
        var worker = app.Services.GetServices<IHostedService>().OfType<InboundProcessingWorker>().Single();

        (await client.PostAsync(endpoint, Deliveries.Body("fresh-1"))).EnsureSuccessStatusCode();
        await ProcessedAsync(app, "fresh-1");
        var freshAtNormal = worker.BatchesAtNormalPriority;

        // Stored a minute ago and still pending (another program held the CPU, say): past the 250 ms limit.
        await using (var db = app.CreateDbContext())
        {
            db.InboundMessages.Add(new SmsPortal.Messages.InboundMessage
            {
                Id = SmsPortal.Common.OpaqueId.NewMessageId(app.Time),
                WorkspaceId = endpoint.WorkspaceId,
                EndpointId = endpoint.Id,
                ExternalId = "waited-1",
                From = "+15557654321",
                Text = "hi",
                RawPayload = "{}",
                ReceivedAt = now.AddMinutes(-1),
                StoredAt = now.AddMinutes(-1),
            });
            await db.SaveChangesAsync();
        }
        app.Services.GetRequiredService<SmsPortal.Common.InboundWorkSignal>().Notify();
        await ProcessedAsync(app, "waited-1");

        Assert.Equal(0, freshAtNormal);
        Assert.Equal(1, worker.BatchesAtNormalPriority);
    }

    private static Task ProcessedAsync(TestApp app, string externalId) => Eventually.TrueAsync(async () =>
    {
        await using var db = app.CreateDbContext();
        return db.InboundMessages.Any(m => m.ExternalId == externalId && m.Status == SmsPortal.Messages.ProcessingStatus.Processed);
    }, $"{externalId} is processed", 30);

    [SkippableTheory]
    [InlineData("Sqlite", true)]
    [InlineData("PostgreSql", false)]
    public async Task ProcessingWorker_ByDefault_RunsOnALaneOnlyOnSqlite(string provider, bool lane)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings());
        using var client = app.CreateHttpClient();
        var endpoint = await app.CreateEndpointAsync();

        (await client.PostAsync(endpoint, Deliveries.Body("default-1"))).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return db.InboundMessages.Any(m => m.ExternalId == "default-1" && m.Status == SmsPortal.Messages.ProcessingStatus.Processed);
        }, "the message is processed");

        Assert.Equal(lane, app.Services.GetServices<IHostedService>().OfType<InboundProcessingWorker>().Single().Lane is not null);
    }

    /// <summary>Field 19 of /proc/self/task/{tid}/stat (after the command name in parentheses): the nice value.</summary>
    private static int ThreadNice(int? tid = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        var stat = File.ReadAllText(tid is null ? "/proc/thread-self/stat" : $"/proc/self/task/{tid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16]);
    }

    private static int ProcessNice() => ThreadNice(Environment.ProcessId);
}

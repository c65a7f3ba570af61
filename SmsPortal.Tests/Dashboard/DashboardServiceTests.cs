using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Dashboard;
using SmsPortal.Data;
using SmsPortal.Outbound;
using SmsPortal.RuleSets;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;
using Xunit.Abstractions;

namespace SmsPortal.Tests.Dashboard;

public sealed class DashboardServiceTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Noon UTC today: the app's own housekeeping runs on the real clock, so seeded rows stay near it.
    private static readonly DateTimeOffset Now = new(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly PortalAppFactory _app = new();
    private readonly HashSet<string> _ids = [];

    private DashboardService Dashboard => new(_app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), _time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GetAsync_SeededWorkspace_CountsTodayDaysRulesFailuresAndOutbox()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var other = await _app.CreateEndpointAsync();
        await using (var db = _app.CreateDbContext())
        {
            AddInbound(db, endpoint, Now.AddHours(-1), Now.AddHours(-2), Now.AddHours(-11));
            AddInbound(db, endpoint, Now.AddDays(-1), Now.AddDays(-1).AddHours(3));
            AddInbound(db, endpoint, Now.AddDays(-29));
            AddInbound(db, endpoint, Now.AddDays(-30), Now.AddDays(-45));
            AddInbound(db, other, Now.AddHours(-1), Now.AddHours(-1), Now.AddHours(-1));
            var contact = AddContact(db, endpoint);
            AddOutbound(db, endpoint, contact, Now.AddHours(-1), OutboundStatus.Sent);
            AddOutbound(db, endpoint, contact, Now.AddHours(-3), OutboundStatus.Failed);
            AddOutbound(db, endpoint, contact, Now.AddDays(-3), OutboundStatus.Queued);
            AddOutbound(db, endpoint, contact, Now.AddDays(-10), OutboundStatus.Failed);
            foreach (var (name, hits) in new[] { ("a", 5L), ("b", 50L), ("c", 0L), ("d", 7L), ("e", 1L), ("f", 9L), ("g", 2L) })
            {
                db.Rules.Add(new RuleRecord { WorkspaceId = endpoint.WorkspaceId, Id = name, Name = $"Rule {name}", DefinitionJson = "{}", HitCount = hits, UpdatedAt = Now });
            }
            AddDelivery(db, endpoint, Now.AddHours(-2), 401, DeliveryOutcome.BadSignature);
            AddDelivery(db, endpoint, Now.AddDays(-3), 503, DeliveryOutcome.Unavailable);
            AddDelivery(db, endpoint, Now.AddDays(-8), 500, DeliveryOutcome.Unavailable);
            AddDelivery(db, endpoint, Now.AddHours(-1), 200, DeliveryOutcome.Accepted);
            AddDelivery(db, other, Now.AddHours(-1), 401, DeliveryOutcome.BadSignature);
            await db.SaveChangesAsync();
        }

        var stats = await Dashboard.GetAsync(endpoint.WorkspaceId, "UTC");

        Assert.Equal(3, stats.InToday);
        Assert.Equal(2, stats.OutToday);
        Assert.Equal(DashboardService.DayCount, stats.Days.Count);
        Assert.Equal(DateOnly.FromDateTime(Now.UtcDateTime), stats.Days[^1].Day);
        Assert.Equal(2, stats.Days[^2].In);
        Assert.Equal(1, stats.Days[0].In);
        Assert.Equal(6, stats.Days.Sum(d => d.In));
        Assert.Equal(4, stats.Days.Sum(d => d.Out));
        Assert.Equal(["Rule b", "Rule f", "Rule d", "Rule a", "Rule g"], stats.TopRules.Select(r => r.Name));
        Assert.Equal(1, stats.WebhookFailuresLastDay);
        Assert.Equal(2, stats.WebhookFailuresLastWeek);
        Assert.Equal(1, stats.OutboundQueued);
        Assert.Equal(1, stats.OutboundFailedLastWeek);
        Assert.Equal(new GettingStarted(true, true, true), stats.Checklist);
    }

    [Fact]
    public async Task GetAsync_TimeZone_CountsDaysInThatZone()
    {
        var endpoint = await _app.CreateEndpointAsync();
        await using (var db = _app.CreateDbContext())
        {
            // 02:00 UTC today is 21:00 or 22:00 yesterday in New York.
            AddInbound(db, endpoint, Now.AddHours(-10));
            await db.SaveChangesAsync();
        }

        var utc = await Dashboard.GetAsync(endpoint.WorkspaceId, "UTC");
        var newYork = await Dashboard.GetAsync(endpoint.WorkspaceId, "America/New_York");

        Assert.Equal(1, utc.InToday);
        Assert.Equal(0, newYork.InToday);
        Assert.Equal(1, newYork.Days[^2].In);
        Assert.Equal("America/New_York", newYork.TimeZone);
    }

    [Fact]
    public async Task GetAsync_NewWorkspace_ChecklistOpenAndZeros()
    {
        var endpoint = await _app.CreateEndpointAsync();
        await using (var db = _app.CreateDbContext())
        {
            await db.Endpoints.Where(e => e.WorkspaceId == endpoint.WorkspaceId).ExecuteDeleteAsync();
        }

        var stats = await Dashboard.GetAsync(endpoint.WorkspaceId);

        Assert.Equal(new GettingStarted(false, false, false), stats.Checklist);
        Assert.False(stats.Checklist.IsComplete);
        Assert.All(stats.Days, d => Assert.Equal((0, 0), (d.In, d.Out)));
        Assert.Empty(stats.TopRules);
        Assert.Equal("UTC", stats.TimeZone);
    }

    [Fact]
    public async Task GetAsync_AcceptedTestDeliveryOnly_CountsAsDelivery()
    {
        var endpoint = await _app.CreateEndpointAsync();
        await using (var db = _app.CreateDbContext())
        {
            AddDelivery(db, endpoint, Now.AddMinutes(-5), 200, DeliveryOutcome.Accepted);
            await db.SaveChangesAsync();
        }

        var stats = await Dashboard.GetAsync(endpoint.WorkspaceId);

        Assert.Equal(new GettingStarted(true, true, false), stats.Checklist);
    }

    [Fact]
    public async Task GetAsync_100kMessages_CountsAllAndReportsTime()
    {
        var endpoint = await _app.CreateEndpointAsync();
        const int total = 100_000;
        await using (var db = _app.CreateDbContext())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < total; i++)
            {
                // Spread over the last 40 days: 30 of them are in the window.
                AddInbound(db, endpoint, Now.AddSeconds(-(i * 40L * 86_400 / total) - 1));
            }
            await db.SaveChangesAsync();
        }
        var expected = Enumerable.Range(0, total).Count(i => i * 40L * 86_400 / total + 1 <= 86_400L * 29 + 12 * 3600);

        await Dashboard.GetAsync(endpoint.WorkspaceId, "UTC");
        var watch = Stopwatch.StartNew();
        var stats = await Dashboard.GetAsync(endpoint.WorkspaceId, "UTC");
        watch.Stop();

        Assert.Equal(expected, stats.Days.Sum(d => d.In));
        output.WriteLine($"Dashboard over {total:N0} inbound messages ({expected:N0} in the window): {watch.ElapsedMilliseconds} ms");
    }

    private void AddInbound(AppDbContext db, TestEndpoint endpoint, params DateTimeOffset[] times)
    {
        foreach (var at in times)
        {
            // Lower-bound ids (time-ordered like the store's own), one millisecond apart where times coincide.
            var stamp = at;
            string id;
            while (!_ids.Add(id = OpaqueId.TimeOrderedLowerBound("msg_", stamp)))
            {
                stamp = stamp.AddMilliseconds(1);
            }
            db.InboundMessages.Add(new InboundMessage
            {
                Id = id,
                WorkspaceId = endpoint.WorkspaceId,
                EndpointId = endpoint.Id,
                ExternalId = id,
                From = "+15555550100",
                Text = "hi",
                ReceivedAt = at,
                StoredAt = at,
                RawPayload = "{}",
                Status = ProcessingStatus.Processed,
            });
        }
    }


    private static Contact AddContact(AppDbContext db, TestEndpoint endpoint)
    {
        var contact = new Contact { WorkspaceId = endpoint.WorkspaceId, Number = "+15555550100", CreatedAt = Now };
        db.Contacts.Add(contact);
        return contact;
    }

    private static void AddOutbound(AppDbContext db, TestEndpoint endpoint, Contact contact, DateTimeOffset at, OutboundStatus status) =>
        db.OutboundMessages.Add(new OutboundMessage
        {
            Id = "out_" + Guid.NewGuid().ToString("N"),
            WorkspaceId = endpoint.WorkspaceId,
            ContactId = contact.Id,
            To = contact.Number,
            Text = "reply",
            Status = status,
            CreatedAt = at,
            UpdatedAt = at,
            // Far in the future so the dispatcher leaves seeded rows alone.
            NextAttemptAt = Now.AddYears(1),
        });

    private static void AddDelivery(AppDbContext db, TestEndpoint endpoint, DateTimeOffset at, int status, DeliveryOutcome outcome) =>
        db.DeliveryLog.Add(new DeliveryLogEntry { WorkspaceId = endpoint.WorkspaceId, EndpointId = endpoint.Id, At = at, StatusCode = status, Outcome = outcome });
}

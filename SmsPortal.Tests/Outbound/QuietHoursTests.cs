using Microsoft.EntityFrameworkCore;
using SmsPortal.Contacts;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Outbound;

/// <summary>Replies held for the recipient's night in their own time zone, sent when it is over; compliance replies never held.</summary>
public sealed class QuietHoursTests
{
    private static readonly QuietHours Night = new(new TimeOnly(21, 0), new TimeOnly(8, 0));

    [Theory]
    [InlineData("+27821234567", "Africa/Johannesburg")]
    [InlineData("+442071234567", "Europe/London")]
    [InlineData("+81312345678", "Asia/Tokyo")]
    public void ZonesOf_Number_ZoneOfItsCountry(string number, string zone)
    {
        var zones = RecipientQuietHours.ZonesOf(new Contact { Number = number }, "UTC");

        Assert.Equal([zone], zones.Select(z => z.Id));
    }

    [Fact]
    public void ZonesOf_ContactsOwnZone_WinsOverTheNumber_UnknownNumber_Workspace()
    {
        Assert.Equal("America/Denver", Assert.Single(RecipientQuietHours.ZonesOf(new Contact { Number = "+27821234567", TimeZone = "America/Denver" }, "UTC")).Id);
        Assert.Equal("Europe/Berlin", Assert.Single(RecipientQuietHours.ZonesOf(new Contact { Number = "SHOP" }, "Europe/Berlin")).Id);
    }

    [Fact]
    public void HeldUntil_OvernightWindow_EndsNextMorning_DayWindowAndOutside_Null()
    {
        var johannesburg = TimeZoneInfo.FindSystemTimeZoneById("Africa/Johannesburg");
        var lateEvening = new DateTimeOffset(2026, 12, 1, 21, 30, 0, TimeSpan.Zero); // 23:30 there
        var earlyMorning = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero); // 05:00 there
        var afternoon = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero), RecipientQuietHours.HeldUntil(Night, [johannesburg], lateEvening));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero), RecipientQuietHours.HeldUntil(Night, [johannesburg], earlyMorning));
        Assert.Null(RecipientQuietHours.HeldUntil(Night, [johannesburg], afternoon));
        Assert.Null(RecipientQuietHours.HeldUntil(new QuietHours(new(13, 0), new(14, 0)), [johannesburg], afternoon));
    }

    [Fact]
    public void HeldUntil_SeveralZones_QuietWhileNightInAny_UntilMorningInAll()
    {
        var (tokyo, london) = (TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        var at = new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero); // 22:00 London, 07:00 Tokyo

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), RecipientQuietHours.HeldUntil(Night, [tokyo, london], at));
    }

    [Fact]
    public async Task Reply_AtNightForRecipient_HeldUntilMorning_ComplianceReplyNotHeldNorBlocked_OtherZoneSentNow()
    {
        var gateway = await FakeGateway.StartAsync();
        var start = new DateTimeOffset(2026, 12, 1, 21, 30, 0, TimeSpan.Zero);
        await using var app = new TestApp(clock: start, gateway: gateway, settings: new()
        {
            ["Gateway:Type"] = "Generic",
            ["Gateway:BaseUrl"] = gateway.Url,
            ["Gateway:ApiKey"] = "gw-test-key",
        });
        var endpoint = await app.CreateEndpointAsync();
        await app.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices") { QuietHours = Night }));

        await app.SendAsync(endpoint, "q-1", "price", from: "+27821234567");
        await app.SendAsync(endpoint, "q-2", "price", from: "+12125551234");
        await app.SendAsync(endpoint, "q-3", "HELP", from: "+27821234567");
        await gateway.WaitForAsync(g => g.Accepted.Count == 2, "the New York reply and the help reply go at once", 30);
        await Eventually.TrueAsync(async () => (await app.OutboxAsync(endpoint)).Count(o => o.Status == OutboundStatus.Sent) == 2, "both are marked sent");

        var outbox = await app.OutboxAsync(endpoint);
        var held = Assert.Single(outbox, o => o.To == "+27821234567" && o.Text == "Prices");
        Assert.Equal((OutboundStatus.Queued, 0, new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero)), (held.Status, held.Attempts, held.NextAttemptAt));
        Assert.Equal(TimeSpan.Zero, held.NextAttemptAt!.Value.Offset);
        Assert.Equal(OutboundStatus.Sent, outbox.Single(o => o.To == "+27821234567" && o.Origin == OutboundOrigin.Compliance).Status);
        Assert.Equal(OutboundStatus.Sent, outbox.Single(o => o.To == "+12125551234").Status);
        await using (var db = app.CreateDbContext())
        {
            Assert.Contains(await db.ActionExecutions.Where(e => e.WorkspaceId == endpoint.WorkspaceId).Select(e => e.Detail).ToListAsync(),
                d => d != null && d.Contains("held for the recipient's quiet hours until 2026-12-02 06:00:00Z"));
        }

        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 6, 1, 0, TimeSpan.Zero));

        await gateway.WaitForAsync(g => g.Accepted.Count == 3, "the held reply goes when the night is over", 30);
        await Eventually.TrueAsync(async () => (await app.OutboxAsync(endpoint)).Single(o => o.Id == held.Id).Status == OutboundStatus.Sent, "the held reply is marked sent");
    }
}

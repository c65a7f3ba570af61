using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Search;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Search;

/// <summary>Search over all history on each provider's own full-text engine: ranking, words, numbers in any format, visibility.</summary>
public sealed class SearchTests
{
    private static readonly DateTimeOffset T0 = InboxTestData.T0;

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Text_BestMatchFirst_AllWordsAsPrefixes_MarkedInTheSnippet(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings());
        var team = await ConversationTeam.CreateAsync(app);
        var data = new InboxTestData(app, team.Endpoint);
        var ada = await data.ContactAsync("+15550100001", "Ada");
        var bob = await data.ContactAsync("+15550100002", "Bob");
        var strong = await data.InboundAsync(ada, "Parcel tracking: where is my parcel?", T0);
        // Newer, and mentions it once in a long text: a newest-first search would put it first.
        var weak = await data.InboundAsync(bob, "The weather is lovely today and this is unrelated, but there is also one parcel mention here", T0.AddDays(30));
        var reply = await data.OutboundAsync(bob, "Your refund was approved", T0.AddDays(31));
        var note = await app.Services.GetRequiredService<ConversationService>().AddNoteAsync(team.WorkspaceId, team.Owner, ada.Id, "Called the courier about the parcel");
        await data.InboundAsync(ada, "thanks!", T0.AddDays(40));
        var search = app.Services.GetRequiredService<SearchService>();

        var parcel = await search.SearchAsync(team.WorkspaceId, team.Owner, "parcel");
        var prefix = await search.SearchAsync(team.WorkspaceId, team.Owner, "PARC");
        var both = await search.SearchAsync(team.WorkspaceId, team.Owner, "where parcel");
        var refund = await search.SearchAsync(team.WorkspaceId, team.Owner, "refund");
        var courier = await search.SearchAsync(team.WorkspaceId, team.Owner, "courier");
        var nothing = await search.SearchAsync(team.WorkspaceId, team.Owner, "\"*) OR NEAR(");

        Assert.Equal(strong.Id, parcel[0].ItemId);
        Assert.Equal(new[] { strong.Id, weak.Id, note.Id }.Order(), parcel.Select(h => h.ItemId).Order());
        Assert.Equal(parcel.Select(h => h.ItemId).Order(), prefix.Select(h => h.ItemId).Order());
        Assert.Equal((SearchHitKind.Inbound, ada.Id, "Ada (+15550100001)"), (parcel[0].Kind, parcel[0].ContactId, parcel[0].ContactLabel));
        Assert.Contains($"{SearchText.MarkStart}Parcel{SearchText.MarkEnd}", parcel[0].Snippet);
        Assert.Equal(strong.Id, Assert.Single(both).ItemId);
        Assert.Equal((SearchHitKind.Outbound, reply.Id), (Assert.Single(refund).Kind, refund[0].ItemId));
        Assert.Equal((SearchHitKind.Note, note.Id), (Assert.Single(courier).Kind, courier[0].ItemId));
        Assert.Empty(nothing);
    }

    [SkippableTheory]
    [InlineData("Sqlite", "+1 555-123-4567")]
    [InlineData("Sqlite", "5551234567")]
    [InlineData("Sqlite", "(555) 123 4567")]
    [InlineData("PostgreSql", "+1 555-123-4567")]
    [InlineData("PostgreSql", "5551234567")]
    [InlineData("PostgreSql", "(555) 123 4567")]
    public async Task Number_InAnyFormat_FindsTheContact(string provider, string typed)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings());
        var team = await ConversationTeam.CreateAsync(app);
        var data = new InboxTestData(app, team.Endpoint);
        var ada = await data.ContactAsync("+15551234567", "Ada");
        await data.ContactAsync("+15559876543", "Bob");
        await data.InboundAsync(ada, "call me on 555 123 4567", T0);

        var hits = await app.Services.GetRequiredService<SearchService>().SearchAsync(team.WorkspaceId, team.Owner, typed);

        var hit = Assert.Single(hits);
        Assert.Equal((SearchHitKind.Contact, ada.Id), (hit.Kind, hit.ContactId));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ContactName_AnyCase_FoundFirstAndMarked_WithTheMessagesThatMatch(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings());
        var team = await ConversationTeam.CreateAsync(app);
        var data = new InboxTestData(app, team.Endpoint);
        var ada = await data.ContactAsync("+15550100001", "Ada Lovelace");
        var bob = await data.ContactAsync("+15550100002", "Bob");
        var mention = await data.InboundAsync(bob, "Is Lovelace Street the right address?", T0);
        var search = app.Services.GetRequiredService<SearchService>();

        var hits = await search.SearchAsync(team.WorkspaceId, team.Owner, "lovelace");
        var upper = await search.SearchAsync(team.WorkspaceId, team.Owner, "ADA");

        Assert.Equal([(SearchHitKind.Contact, ada.Id, (string?)null), (SearchHitKind.Inbound, bob.Id, mention.Id)], hits.Select(h => (h.Kind, h.ContactId, h.ItemId)));
        Assert.Equal($"Ada {SearchText.MarkStart}Lovelace{SearchText.MarkEnd}", hits[0].Snippet);
        Assert.Equal($"Is {SearchText.MarkStart}Lovelace{SearchText.MarkEnd} Street the right address?", hits[1].Snippet);
        Assert.Equal(ada.Id, Assert.Single(upper).ContactId);
    }

    [Fact]
    public async Task ShortWords_MatchWhole_LongerOnesAsPrefixes_AccentsAndCaseFolded()
    {
        await using var app = new TestApp();
        var team = await ConversationTeam.CreateAsync(app);
        var data = new InboxTestData(app, team.Endpoint);
        var ada = await data.ContactAsync("+15550100001", "Ada");
        var cafe = await data.InboundAsync(ada, "Is the Café open? I need a table", T0);
        var other = await data.InboundAsync(ada, "Anything else?", T0.AddMinutes(1));
        var search = app.Services.GetRequiredService<SearchService>();

        var accent = await search.SearchAsync(team.WorkspaceId, team.Owner, "CAFE");
        var letter = await search.SearchAsync(team.WorkspaceId, team.Owner, "a");
        var prefix = await search.SearchAsync(team.WorkspaceId, team.Owner, "an");

        Assert.Equal(cafe.Id, Assert.Single(accent).ItemId);
        Assert.Contains($"{SearchText.MarkStart}Café{SearchText.MarkEnd}", accent[0].Snippet);
        Assert.Equal([cafe.Id], letter.Where(h => h.Kind != SearchHitKind.Contact).Select(h => h.ItemId));
        Assert.Equal([other.Id], prefix.Where(h => h.Kind != SearchHitKind.Contact).Select(h => h.ItemId));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task RestrictedAgent_FindsOnlyOwnAndUnassigned(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings());
        var team = await ConversationTeam.CreateAsync(app);
        var (mine, theirs, free) = await VisibilityTests.ThreeConversationsAsync(team);
        var data = new InboxTestData(app, team.Endpoint);
        foreach (var contact in new[] { mine, theirs, free })
        {
            await data.InboundAsync(await team.ReloadAsync(contact.Id), "invoice question", T0);
        }
        await team.SettingsAsync(s => s.AgentsSeeOwnAndUnassigned = true);
        var search = app.Services.GetRequiredService<SearchService>();

        var agent = await search.SearchAsync(team.WorkspaceId, team.AgentA, "invoice");
        var owner = await search.SearchAsync(team.WorkspaceId, team.Owner, "invoice");
        var byNumber = await search.SearchAsync(team.WorkspaceId, team.AgentA, theirs.Number);

        Assert.Equal(new[] { mine.Id, free.Id }.Order(), agent.Select(h => h.ContactId).Order());
        Assert.Equal(3, owner.Count);
        Assert.Empty(byNumber);
    }

    /// <summary>
    /// Deleting a contact deletes its whole conversation, and on SQLite the full-text index is a table of its own: its
    /// rows for that contact (messages both ways and notes) must go with it, not linger on disk hidden by a join.
    /// </summary>
    [Fact]
    public async Task DeletedContact_LeavesNothingOfItsConversationInTheSqliteIndex()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        await using var app = new TestApp(settings: database.Settings());
        var team = await ConversationTeam.CreateAsync(app);
        var data = new InboxTestData(app, team.Endpoint);
        var ada = await data.ContactAsync("+15550100001", "Ada");
        var bob = await data.ContactAsync("+15550100002", "Bob");
        await data.InboundAsync(ada, "my zebra account number is 1234", T0);
        await data.OutboundAsync(ada, "zebra account noted", T0.AddMinutes(1));
        await app.Services.GetRequiredService<ConversationService>().AddNoteAsync(team.WorkspaceId, team.Owner, ada.Id, "zebra: verified by phone");
        await data.InboundAsync(bob, "zebra crossing ahead", T0);

        await app.Services.GetRequiredService<ContactRecords>().DeleteAsync(team.WorkspaceId, team.Owner, ada.Id);

        await using var db = app.CreateDbContext();
        var indexed = await db.Database.SqlQueryRaw<string>("""SELECT "ContactId" AS "Value" FROM "SearchIndex" WHERE "SearchIndex" MATCH 'zebra'""").ToListAsync();
        Assert.Equal([bob.Id.ToString().ToUpperInvariant()], indexed);
        var hits = await app.Services.GetRequiredService<SearchService>().SearchAsync(team.WorkspaceId, team.Owner, "zebra");
        Assert.Equal(bob.Id, Assert.Single(hits).ContactId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tickets;

namespace SmsPortal.Tests.Contacts;

public sealed class ContactServiceTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly Actor Agent = new("user-1", "agent@example.test");

    private ContactService Service => app.Services.GetRequiredService<ContactService>();

    private async Task<InboxTestData> NewWorkspaceAsync() => new(app, await app.CreateEndpointAsync());

    [Fact]
    public async Task ListAsync_ManyContacts_PagesNewestFirstWithTotal()
    {
        var data = await NewWorkspaceAsync();
        await data.ContactsAsync(60);

        var first = await Service.ListAsync(data.WorkspaceId, Actor.Cli(), new ContactQuery { Page = 1, PageSize = 25 });
        var third = await Service.ListAsync(data.WorkspaceId, Actor.Cli(), new ContactQuery { Page = 3, PageSize = 25 });

        Assert.Equal(60, first.Total);
        Assert.Equal(25, first.Items.Count);
        Assert.Equal("+15550000059", first.Items[0].Number);
        Assert.Equal("+15550000035", first.Items[^1].Number);
        Assert.Equal(10, third.Items.Count);
        Assert.Equal("+15550000000", third.Items[^1].Number);
    }

    [Fact]
    public async Task ListAsync_OtherWorkspacesContacts_NeverAppear()
    {
        var mine = await NewWorkspaceAsync();
        var theirs = await NewWorkspaceAsync();
        await mine.ContactAsync("+15550001111", "Alice");
        var other = await theirs.ContactAsync("+15550002222", "Alice Other", tags: "vip");
        await theirs.InboundAsync(other, "alice secret", InboxTestData.T0);

        var all = await Service.ListAsync(mine.WorkspaceId, Actor.Cli(), new ContactQuery());
        var searched = await Service.ListAsync(mine.WorkspaceId, Actor.Cli(), new ContactQuery { Search = "alice" });
        var tagged = await Service.ListAsync(mine.WorkspaceId, Actor.Cli(), new ContactQuery { Tag = "vip" });

        Assert.Equal(["+15550001111"], all.Items.Select(c => c.Number));
        Assert.Equal(["+15550001111"], searched.Items.Select(c => c.Number));
        Assert.Empty(tagged.Items);
    }

    [Theory]
    [InlineData("0001", "+15550001111")]
    [InlineData("bob", "+15550002222")]
    [InlineData("BOB", "+15550002222")]
    [InlineData("refund", "+15550003333")]
    public async Task ListAsync_Search_MatchesNumberNameOrMessageText(string search, string expected)
    {
        var data = await NewWorkspaceAsync();
        await data.ContactAsync("+15550001111", "Alice");
        await data.ContactAsync("+15550002222", "Bob Builder");
        var carol = await data.ContactAsync("+15550003333", "Carol");
        await data.InboundAsync(carol, "I want a REFUND please", InboxTestData.T0);

        var page = await Service.ListAsync(data.WorkspaceId, Actor.Cli(), new ContactQuery { Search = search });

        Assert.Equal([expected], page.Items.Select(c => c.Number));
    }

    [Fact]
    public async Task ListAsync_SearchWithLikeWildcards_MatchesThemLiterally()
    {
        var data = await NewWorkspaceAsync();
        await data.ContactAsync("+15550001111", "100% sure");
        await data.ContactAsync("+15550002222", "100 sure");

        var page = await Service.ListAsync(data.WorkspaceId, Actor.Cli(), new ContactQuery { Search = "100%" });

        Assert.Equal(["+15550001111"], page.Items.Select(c => c.Number));
    }

    [Fact]
    public async Task ListAsync_Filters_UnreadTagOptedOutOpenTicket()
    {
        var data = await NewWorkspaceAsync();
        await data.ContactAsync("+15550000001", unread: 2);
        await data.ContactAsync("+15550000002", tags: "vip");
        await data.ContactAsync("+15550000003", optedOut: true);
        var withTicket = await data.ContactAsync("+15550000004");
        await data.TicketAsync(withTicket, "Help");
        var closedTicket = await data.ContactAsync("+15550000005");
        await data.TicketAsync(closedTicket, "Done", TicketStatus.Closed);

        async Task<string[]> Numbers(ContactQuery query) =>
            [.. (await Service.ListAsync(data.WorkspaceId, Actor.Cli(), query with { Sort = ContactSort.Number, Descending = false })).Items.Select(c => c.Number)];

        Assert.Equal(["+15550000001"], await Numbers(new ContactQuery { UnreadOnly = true }));
        Assert.Equal(["+15550000002"], await Numbers(new ContactQuery { Tag = "vip" }));
        Assert.Equal(["+15550000003"], await Numbers(new ContactQuery { OptedOut = true }));
        Assert.Equal(4, (await Numbers(new ContactQuery { OptedOut = false })).Length);
        Assert.Equal(["+15550000004"], await Numbers(new ContactQuery { OpenTicket = true }));
        Assert.Equal(4, (await Numbers(new ContactQuery { OpenTicket = false })).Length);
    }

    [Fact]
    public async Task ListAsync_Item_CarriesTagsUnreadAndOpenTicket()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001", "Dana", unread: 3, preview: "hello", tags: ["b", "a"]);
        await data.TicketAsync(contact, "Help");

        var item = Assert.Single((await Service.ListAsync(data.WorkspaceId, Actor.Cli(), new ContactQuery())).Items);

        Assert.Equal(["a", "b"], item.Tags);
        Assert.Equal(3, item.UnreadCount);
        Assert.True(item.HasOpenTicket);
        Assert.Equal("hello", item.LastMessagePreview);
        Assert.Equal("Dana", item.DisplayName);
    }

    [Fact]
    public async Task SetOptOutAsync_Toggle_WritesAuditEachWay()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");

        await Service.SetOptOutAsync(data.WorkspaceId, Agent, contact.Id, true);
        var optedOut = await Service.GetAsync(data.WorkspaceId, contact.Id);
        await Service.SetOptOutAsync(data.WorkspaceId, Agent, contact.Id, true);
        await Service.SetOptOutAsync(data.WorkspaceId, Agent, contact.Id, false);
        var optedIn = await Service.GetAsync(data.WorkspaceId, contact.Id);

        Assert.True(optedOut!.IsOptedOut);
        Assert.NotNull(optedOut.OptedOutAt);
        Assert.False(optedIn!.IsOptedOut);
        Assert.Null(optedIn.OptedOutAt);
        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.Where(a => a.WorkspaceId == data.WorkspaceId && a.Target == contact.Number).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["contact.opted_out", "contact.opted_in"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("agent@example.test", a.Actor));
    }

    [Fact]
    public async Task SetOptOutAsync_OtherWorkspacesContact_RefusedAndUnchanged()
    {
        var mine = await NewWorkspaceAsync();
        var theirs = await NewWorkspaceAsync();
        var other = await theirs.ContactAsync("+15550000001");

        await Assert.ThrowsAsync<UserInputException>(() => Service.SetOptOutAsync(mine.WorkspaceId, Agent, other.Id, true));

        Assert.False((await Service.GetAsync(theirs.WorkspaceId, other.Id))!.IsOptedOut);
        Assert.Null(await Service.GetAsync(mine.WorkspaceId, other.Id));
    }

    [Fact]
    public async Task AddTagAsync_NewAndDuplicate_TaggedOnce()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");

        await Service.AddTagAsync(data.WorkspaceId, contact.Id, " vip ");
        await Service.AddTagAsync(data.WorkspaceId, contact.Id, "vip");

        Assert.Equal(["vip"], (await Service.GetAsync(data.WorkspaceId, contact.Id))!.Tags);
        Assert.Equal(["vip"], await Service.ListTagsAsync(data.WorkspaceId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AddTagAsync_Blank_UserInputError(string tag)
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");

        var error = await Assert.ThrowsAsync<UserInputException>(() => Service.AddTagAsync(data.WorkspaceId, contact.Id, tag));

        Assert.Equal("Write a tag first.", error.Message);
    }

    [Fact]
    public async Task AddTagAsync_TooLong_UserInputError()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");

        await Assert.ThrowsAsync<UserInputException>(() => Service.AddTagAsync(data.WorkspaceId, contact.Id, new string('t', 65)));
    }

    [Fact]
    public async Task RemoveTagAsync_Tagged_Untagged()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001", tags: ["vip", "late"]);

        await Service.RemoveTagAsync(data.WorkspaceId, contact.Id, "vip");

        Assert.Equal(["late"], (await Service.GetAsync(data.WorkspaceId, contact.Id))!.Tags);
    }

    [Fact]
    public async Task RenameAsync_NameThenBlank_SetThenCleared()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");

        await Service.RenameAsync(data.WorkspaceId, contact.Id, "  Erin  ");
        var named = await Service.GetAsync(data.WorkspaceId, contact.Id);
        await Service.RenameAsync(data.WorkspaceId, contact.Id, " ");
        var cleared = await Service.GetAsync(data.WorkspaceId, contact.Id);

        Assert.Equal("Erin", named!.Name);
        Assert.Null(cleared!.Name);
        Assert.Equal("+15550000001", cleared.DisplayName);
    }

    [Fact]
    public async Task GetAsync_Contact_ListsTicketsNewestFirst()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");
        await data.TicketAsync(contact, "Old", TicketStatus.Closed);
        await data.TicketAsync(contact, "Current");

        var details = await Service.GetAsync(data.WorkspaceId, contact.Id);

        Assert.Equal(2, details!.Tickets.Count);
        Assert.Contains(details.Tickets, t => t.Subject == "Current" && t.Status == TicketStatus.Open);
    }
}

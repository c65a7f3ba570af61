using Bunit;
using Microsoft.AspNetCore.Components;
using SmsPortal.Inbox.Pages;
using SmsPortal.Contacts;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Inbox.Pages;

public sealed class ConversationListTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();
    private readonly List<int> _requestedPages = [];

    [Fact]
    public void Render_FirstOfThreePages_RangeAndOnlyNextEnabled()
    {
        var cut = Render(Items(50), total: 120, page: 1, pageSize: 50);

        Assert.Equal("1–50 of 120", Range(cut));
        Assert.True(Button(cut, "Previous page").HasAttribute("disabled"));
        Assert.False(Button(cut, "Next page").HasAttribute("disabled"));
        Assert.Equal(50, cut.FindAll("[data-testid=conversation]").Count);
    }

    [Fact]
    public void Click_Next_AsksForNextPage()
    {
        var cut = Render(Items(50), total: 120, page: 2, pageSize: 50);

        Button(cut, "Next page").Click();

        Assert.Equal([3], _requestedPages);
    }

    [Fact]
    public void Click_Previous_AsksForPreviousPage()
    {
        var cut = Render(Items(50), total: 120, page: 2, pageSize: 50);

        Button(cut, "Previous page").Click();

        Assert.Equal([1], _requestedPages);
    }

    [Fact]
    public void Render_LastPartialPage_RangeAndNextDisabled()
    {
        var cut = Render(Items(20), total: 120, page: 3, pageSize: 50);

        Assert.Equal("101–120 of 120", Range(cut));
        Assert.True(Button(cut, "Next page").HasAttribute("disabled"));
        Assert.False(Button(cut, "Previous page").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_PageChangedByHost_ShowsNewPage()
    {
        var cut = Render(Items(25), total: 30, page: 1, pageSize: 25);

        cut.Render(p => p.Add(c => c.Items, Items(5, offset: 25)).Add(c => c.Page, 2));

        Assert.Equal("26–30 of 30", Range(cut));
        Assert.Equal(5, cut.FindAll("[data-testid=conversation]").Count);
        Assert.Contains("+15550000025", cut.FindAll("[data-testid=conversation]")[0].TextContent);
    }

    [Fact]
    public void Render_Item_LinkNamedByNumberAndNameWithBadges()
    {
        var contact = new ContactSummary(Guid.NewGuid(), "+15551234567", "Alice", "See you soon", At, 2, 4, true, true, At, ["vip"]);

        var cut = Render([contact], total: 1, page: 1, pageSize: 25, selected: contact.Id);

        var link = cut.Find("a[data-testid=conversation]");
        Assert.Equal($"inbox/{contact.Id}", link.GetAttribute("href"));
        Assert.Equal("page", link.GetAttribute("aria-current"));
        Assert.Contains("+15551234567", link.TextContent);
        Assert.Contains("Alice", link.TextContent);
        Assert.Contains("See you soon", link.TextContent);
        Assert.Contains("2 unread", link.TextContent);
        Assert.Contains("Opted out", link.TextContent);
        Assert.Contains("Open ticket", link.TextContent);
        Assert.Contains("vip", link.TextContent);
    }

    [Fact]
    public void Render_NoItems_EmptyTextAndNoPaging()
    {
        var cut = Render([], total: 0, page: 1, pageSize: 25, empty: "Nothing here.");

        Assert.Contains("Nothing here.", cut.Markup);
        Assert.Equal("0 conversations", Range(cut));
        Assert.True(Button(cut, "Next page").HasAttribute("disabled"));
        Assert.True(Button(cut, "Previous page").HasAttribute("disabled"));
    }

    private IRenderedComponent<ConversationList> Render(IReadOnlyList<ContactSummary> items, int total, int page, int pageSize,
        Guid? selected = null, string empty = "No conversations yet.") =>
        _context.Render<ConversationList>(p => p
            .Add(c => c.Items, items)
            .Add(c => c.Total, total)
            .Add(c => c.Page, page)
            .Add(c => c.PageSize, pageSize)
            .Add(c => c.SelectedId, selected)
            .Add(c => c.EmptyText, empty)
            .Add(c => c.PageChanged, EventCallback.Factory.Create<int>(this, p => _requestedPages.Add(p))));

    private static List<ContactSummary> Items(int count, int offset = 0) =>
        [.. Enumerable.Range(offset, count).Select(i =>
            new ContactSummary(Guid.NewGuid(), $"+1555{i:D7}", null, $"message {i}", At, 0, 1, false, false, At, []))];

    private static string Range(IRenderedComponent<ConversationList> cut) =>
        cut.Find("[data-testid=conversation-range]").TextContent.Trim();

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ConversationList> cut, string label) =>
        cut.Find($"button[aria-label='{label}']");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}

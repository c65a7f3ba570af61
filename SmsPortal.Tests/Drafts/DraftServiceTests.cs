using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Drafts;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Drafts;

public sealed class DraftServiceTests : IAsyncLifetime
{
    private static readonly Guid Conversation = Guid.NewGuid();
    private readonly PortalAppFactory _app = new();

    private DraftService Service => _app.Services.GetRequiredService<DraftService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SaveAsync_ThenGet_TheWriterGetsItBack()
    {
        var owner = await DraftTestUsers.OwnerAsync(_app);

        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), "Half a reply");

        var draft = await Service.GetAsync(owner, DraftKeys.Reply(Conversation));
        Assert.Equal("Half a reply", draft?.Content);
    }

    [Fact]
    public async Task GetAsync_TeammateOrOtherWorkspace_SeesNothing()
    {
        var owner = await DraftTestUsers.OwnerAsync(_app);
        var agent = await DraftTestUsers.AgentAsync(_app, owner.WorkspaceId);
        var stranger = await DraftTestUsers.OwnerAsync(_app);
        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), "Only mine");

        Assert.Null(await Service.GetAsync(agent, DraftKeys.Reply(Conversation)));
        Assert.Null(await Service.GetAsync(stranger, DraftKeys.Reply(Conversation)));
        // The same person in another workspace is another writer too.
        Assert.Null(await Service.GetAsync(owner with { WorkspaceId = stranger.WorkspaceId }, DraftKeys.Reply(Conversation)));
    }

    [Fact]
    public async Task SaveAsync_TwoConversations_KeptApart()
    {
        var owner = await DraftTestUsers.OwnerAsync(_app);
        var other = Guid.NewGuid();

        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), "To the first");
        await Service.SaveAsync(owner, DraftKeys.Reply(other), "To the second");
        await Service.SaveAsync(owner, DraftKeys.Rule("rule-1"), "{}");

        Assert.Equal("To the first", (await Service.GetAsync(owner, DraftKeys.Reply(Conversation)))?.Content);
        Assert.Equal("To the second", (await Service.GetAsync(owner, DraftKeys.Reply(other)))?.Content);
        Assert.Null(await Service.GetAsync(owner, DraftKeys.Rule(null)));
    }

    [Fact]
    public async Task SaveAsync_Again_ReplacesTheText()
    {
        var owner = await DraftTestUsers.OwnerAsync(_app);

        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), "Hel");
        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), "Hello there");

        Assert.Equal("Hello there", (await Service.GetAsync(owner, DraftKeys.Reply(Conversation)))?.Content);
        await using var db = _app.CreateDbContext();
        Assert.Equal(1, await db.Set<Draft>().CountAsync(d => d.UserId == owner.UserId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task SaveAsync_Blank_RemovesTheDraft(string? blank)
    {
        var owner = await DraftTestUsers.OwnerAsync(_app);
        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), "Something");

        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), blank);

        Assert.Null(await Service.GetAsync(owner, DraftKeys.Reply(Conversation)));
    }

    [Fact]
    public async Task DiscardAsync_TeammatesDraftOfTheSameConversation_Untouched()
    {
        var owner = await DraftTestUsers.OwnerAsync(_app);
        var agent = await DraftTestUsers.AgentAsync(_app, owner.WorkspaceId);
        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), "Owner's words");
        await Service.SaveAsync(agent, DraftKeys.Reply(Conversation), "Agent's words");

        await Service.DiscardAsync(agent, DraftKeys.Reply(Conversation));

        Assert.Null(await Service.GetAsync(agent, DraftKeys.Reply(Conversation)));
        Assert.Equal("Owner's words", (await Service.GetAsync(owner, DraftKeys.Reply(Conversation)))?.Content);
    }

    [Fact]
    public async Task SaveAsync_LongerThanAnyForm_NotStored()
    {
        var owner = await DraftTestUsers.OwnerAsync(_app);

        await Service.SaveAsync(owner, DraftKeys.Reply(Conversation), new string('x', DraftService.MaxContentLength + 1));

        Assert.Null(await Service.GetAsync(owner, DraftKeys.Reply(Conversation)));
    }
}

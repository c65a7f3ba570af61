using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Drafts;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Drafts;

public sealed class DraftKeeperTests : IAsyncLifetime
{
    private const string Key = "settings/general";
    private readonly PortalAppFactory _app = new();
    private PortalUser _user = null!;
    private string? _form;

    private DraftService Service => _app.Services.GetRequiredService<DraftService>();

    public async Task InitializeAsync() => _user = await DraftTestUsers.OwnerAsync(_app);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task KeepNowAsync_FormChanged_Stored()
    {
        await using var keeper = await StartAsync(baseline: "saved");

        _form = "edited";
        await keeper.KeepNowAsync();

        Assert.Equal("edited", await StoredAsync());
    }

    [Fact]
    public async Task KeepNowAsync_FormBackToBaseline_DraftRemoved()
    {
        await using var keeper = await StartAsync(baseline: "saved");
        _form = "edited";
        await keeper.KeepNowAsync();

        _form = "saved";
        await keeper.KeepNowAsync();

        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task StartAsync_DraftKeptEarlier_ReturnedToPutBack()
    {
        await Service.SaveAsync(_user, Key, "typed before the restart");

        await using var keeper = Keeper();
        var restored = await keeper.StartAsync("saved");

        Assert.Equal("typed before the restart", restored?.Content);
    }

    [Fact]
    public async Task StartAsync_KeptDraftEqualsBaseline_NothingToPutBack()
    {
        await Service.SaveAsync(_user, Key, "saved");

        await using var keeper = Keeper();

        Assert.Null(await keeper.StartAsync("saved"));
    }

    [Fact]
    public async Task CommitAsync_AfterSave_DraftRemovedAndNotStoredAgainOnDispose()
    {
        var keeper = await StartAsync(baseline: "saved");
        _form = "edited";
        await keeper.KeepNowAsync();

        await keeper.CommitAsync();
        await keeper.DisposeAsync();

        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task DisposeAsync_ChangedSinceLastTick_StoredOnce()
    {
        var keeper = await StartAsync(baseline: null);

        _form = "typed just before leaving the page";
        await keeper.DisposeAsync();

        Assert.Equal("typed just before leaving the page", await StoredAsync());
    }

    [Fact]
    public async Task DiscardAsync_Cancelled_DraftRemovedAndNotStoredAgain()
    {
        var keeper = await StartAsync(baseline: "saved");
        _form = "edited";
        await keeper.KeepNowAsync();

        await keeper.DiscardAsync();
        await keeper.DisposeAsync();

        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task Ticks_WhileTyping_StoredWithoutBeingAsked()
    {
        await using var keeper = await StartAsync(baseline: null);

        _form = "typed and left alone";

        await Eventually.TrueAsync(async () => await StoredAsync() == "typed and left alone", "the keeper stores the draft on its own", 10);
    }

    private DraftKeeper Keeper() =>
        _app.Services.GetRequiredService<DraftKeepers>().Keep(_user, Key, action => { action(); return Task.CompletedTask; }, () => _form);

    private async Task<DraftKeeper> StartAsync(string? baseline)
    {
        _form = baseline;
        var keeper = Keeper();
        await keeper.StartAsync(baseline);
        return keeper;
    }

    private async Task<string?> StoredAsync() => (await Service.GetAsync(_user, Key))?.Content;
}

using AngleSharp.Dom;
using Bunit;
using SmsPortal.RuleSets.Pages;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.RuleSets.Pages;

public sealed class RuleEditorTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();
    private readonly List<RuleDefinition> _saved = [];
    private IReadOnlyList<RuleValidationError> _serverErrors = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Save_EmptyKeywordList_ShowsMessageAtKeywordsFieldAndDoesNotSave()
    {
        var cut = RenderEditor(PriceList(keywords: ""));

        ClickSave(cut);

        Assert.Equal("at least one keyword is required", FieldError(cut, "Keywords"));
        Assert.Contains("Keywords (conditions[0].keywords)", cut.Find("[role=alert]").TextContent);
        Assert.Contains("Price list", cut.Find("[role=alert]").TextContent);
        Assert.Empty(_saved);
    }

    [Fact]
    public void Save_UnknownPlaceholderInReply_ShowsErrorAtReplyText()
    {
        var cut = RenderEditor(PriceList(reply: "Hi {{contact.nme}}"));

        ClickSave(cut);

        Assert.Contains("unknown placeholder '{{contact.nme}}'", FieldError(cut, "Reply text"));
        Assert.Null(FieldError(cut, "Keywords"));
        Assert.Empty(_saved);
    }

    [Fact]
    public void Save_MultiWordKeywordAmongOthers_ShowsTheWordAtKeywordsField()
    {
        var cut = RenderEditor(PriceList(keywords: "price, big deal"));

        ClickSave(cut);

        Assert.Contains("'big deal' has several words", FieldError(cut, "Keywords"));
    }

    [Fact]
    public void Save_ValidRule_CallsSaveWithTheDefinition()
    {
        var draft = PriceList(keywords: "price = prices / cost, menu");
        var cut = RenderEditor(draft);

        ClickSave(cut);

        var saved = Assert.Single(_saved);
        Assert.Equal("Price list", saved.Name);
        Assert.Equal(draft.Id, saved.Id);
        var condition = Assert.IsType<FirstWordIsCondition>(Assert.Single(saved.Conditions));
        Assert.Equal(["price", "menu"], condition.Keywords.Select(k => k.Value));
        Assert.Equal(["prices", "cost"], condition.Keywords[0].Synonyms!);
        Assert.Equal("Our prices: ...", Assert.IsType<ReplyAction>(Assert.Single(saved.Actions)).Template);
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    [Fact]
    public void Save_ErrorsFromTheService_ShownAtTheirFieldAndInSummary()
    {
        var draft = PriceList();
        _serverErrors = [new RuleValidationError(draft.Id, "Price list", "options.cooldown", "the cooldown must be positive")];
        var cut = RenderEditor(draft);

        ClickSave(cut);

        Assert.Single(_saved);
        Assert.Equal("the cooldown must be positive", FieldError(cut, "Cooldown (minutes)"));
        Assert.Contains("Cooldown (minutes) (options.cooldown): the cooldown must be positive", cut.Find("[role=alert]").TextContent);
    }

    [Fact]
    public void Save_NoActions_ShowsActionsError()
    {
        var draft = PriceList();
        draft.Actions.Clear();
        var cut = RenderEditor(draft);

        ClickSave(cut);

        Assert.Contains("at least one action is required", cut.Markup);
        Assert.Empty(_saved);
    }

    [Fact]
    public void Save_BusinessHoursWithUnreadableTime_ShowsErrorAtFrom()
    {
        var draft = PriceList();
        draft.Conditions.Add(new ConditionDraft(ConditionKind.BusinessHours) { From = "9am", TimeZone = "Africa/Johannesburg" });
        var cut = RenderEditor(draft);

        ClickSave(cut);

        Assert.Equal("enter a time as hh:mm, e.g. 09:00", FieldError(cut, "From"));
        Assert.Null(FieldError(cut, "To"));
        Assert.Empty(_saved);
    }

    private IRenderedComponent<RuleEditor> RenderEditor(RuleDraft draft) =>
        _context.Render<RuleEditor>(p => p
            .Add(e => e.Draft, draft)
            .Add(e => e.Save, rule =>
            {
                _saved.Add(rule);
                return Task.FromResult(_serverErrors);
            }));

    internal static RuleDraft PriceList(string keywords = "price", string reply = "Our prices: ...")
    {
        var draft = new RuleDraft { Name = "Price list" };
        draft.Conditions.Add(new ConditionDraft(ConditionKind.FirstWordIs) { Values = keywords });
        draft.Actions.Add(new ActionDraft(ActionKind.Reply) { Text = reply });
        return draft;
    }

    private static void ClickSave(IRenderedComponent<RuleEditor> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

    /// <summary>The error text MudBlazor shows under the input with this label, or null.</summary>
    internal static string? FieldError<T>(IRenderedComponent<T> cut, string label) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var control = cut.FindAll(".mud-input-control")
            .Single(c => c.QuerySelector("label")?.TextContent.Trim() == label);
        return control.QuerySelector(".mud-input-error .mud-input-helper-text, .mud-input-helper-text.mud-input-error")?.TextContent.Trim() is { Length: > 0 } text
            && control.QuerySelector(".mud-input-error") is not null
            ? text
            : null;
    }
}

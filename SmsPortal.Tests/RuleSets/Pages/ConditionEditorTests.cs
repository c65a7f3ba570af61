using Bunit;
using MudBlazor;
using SmsPortal.RuleSets.Pages;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Model;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.RuleSets.Pages;

public sealed class ConditionEditorTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();
    /// <summary>Generous, so a busy machine does not fail the test; a passing wait returns at once.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    public Task InitializeAsync()
    {
        _popovers = _context.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void AddToGroup_NotThenTagInsideIt_BuildsNestedTree()
    {
        var any = new ConditionDraft(ConditionKind.Any);
        any.Children.Add(new ConditionDraft(ConditionKind.FirstWordIs) { Values = "price" });
        var cut = _context.Render<ConditionEditor>(p => p.Add(e => e.Condition, any));

        ChooseFromMenu(cut, "Add to group", "Not", ConditionKind.Not);
        ChooseFromMenu(cut, "Add condition to negate", "Has tag", ConditionKind.HasTag);
        cut.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == "Tag")
            .QuerySelector("input")!.Input("vip");
        cut.WaitForAssertion(() => Assert.Equal("vip", any.Children[1].Children[0].Tag), Patience);

        var rule = new RuleDraft { Name = "Tree" };
        rule.Conditions.Add(any);
        var definition = rule.ToDefinition(out var draftErrors);
        Assert.Empty(draftErrors);
        var anyCondition = Assert.IsType<AnyCondition>(Assert.Single(definition.Conditions));
        Assert.IsType<FirstWordIsCondition>(anyCondition.Conditions[0]);
        var not = Assert.IsType<NotCondition>(anyCondition.Conditions[1]);
        Assert.Equal("vip", Assert.IsType<HasTagCondition>(not.Condition).Tag);
        // A "not" holds one condition: once it has it, its add menu is gone.
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Add condition to negate");
    }

    [Fact]
    public void Remove_NestedCondition_TakesItOutOfItsGroupOnly()
    {
        var all = new ConditionDraft(ConditionKind.All);
        var any = new ConditionDraft(ConditionKind.Any);
        any.Children.Add(new ConditionDraft(ConditionKind.IsNewContact));
        any.Children.Add(new ConditionDraft(ConditionKind.IsOptedOut));
        all.Children.Add(any);
        var cut = _context.Render<ConditionEditor>(p => p.Add(e => e.Condition, all));

        cut.Find("button[aria-label='Remove condition Is opted out']").Click();

        var remaining = Assert.Single(Assert.Single(all.Children).Children);
        Assert.Equal(ConditionKind.IsNewContact, remaining.Kind);
        Assert.Empty(cut.FindAll("[data-condition=IsOptedOut]"));
    }

    [Fact]
    public void Render_EmptyAnyGroupAfterSave_ShowsGroupError()
    {
        var rule = new RuleDraft { Name = "Empty any" };
        rule.Conditions.Add(new ConditionDraft(ConditionKind.Any));
        var definition = rule.ToDefinition(out _);
        var errors = new RuleFieldErrors(SmsPortal.Rules.Compilation.RuleCompiler.Validate(new RuleSetDocument { Rules = [definition] }));

        var cut = _context.Render<ConditionEditor>(p => p.Add(e => e.Condition, rule.Conditions[0]).Add(e => e.Errors, errors));

        Assert.Contains("at least one condition is required", cut.Markup);
    }

    /// <summary>Opens a menu, picks an item and waits for the condition it adds (the menu runs the item's handler asynchronously).</summary>
    private void ChooseFromMenu(IRenderedComponent<ConditionEditor> cut, string menu, string item, ConditionKind added)
    {
        var before = cut.FindAll($"[data-condition={added}]").Count;
        cut.FindAll("button").Last(b => b.TextContent.Trim() == menu).Click();
        _popovers.WaitForAssertion(() => Assert.Contains(_popovers.FindAll(".mud-menu-item"), i => i.TextContent.Trim() == item), Patience);
        _popovers.FindAll(".mud-menu-item").First(i => i.TextContent.Trim() == item).Click();
        cut.WaitForAssertion(() => Assert.Equal(before + 1, cut.FindAll($"[data-condition={added}]").Count), Patience);
    }
}

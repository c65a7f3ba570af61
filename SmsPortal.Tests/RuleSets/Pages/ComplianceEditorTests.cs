using Bunit;
using SmsPortal.RuleSets.Pages;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.RuleSets.Pages;

public sealed class ComplianceEditorTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();
    private readonly List<ComplianceSettings> _saved = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Save_ExtraKeywordOfAnotherKind_ShowsErrorAtThatField()
    {
        var draft = new ComplianceDraft { ExtraOptOutKeywords = "ARRET, start" };
        var cut = Render(draft, readOnly: false);

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save compliance settings").Click();

        Assert.Contains("'start' is already a OptIn keyword", RuleEditorTests.FieldError(cut, "Extra opt-out keywords"));
        Assert.Null(RuleEditorTests.FieldError(cut, "Opt-out reply"));
    }

    [Fact]
    public void Save_DefaultRepliesAndOneCustom_SavesOnlyTheCustomReply()
    {
        var draft = ComplianceDraft.From(new ComplianceSettings());
        draft.HelpReply = "Call 555-0100, {{contact.name}}";
        var cut = Render(draft, readOnly: false);

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save compliance settings").Click();

        var saved = Assert.Single(_saved);
        Assert.Null(saved.OptOutReply);
        Assert.Null(saved.OptInReply);
        Assert.Equal("Call 555-0100, {{contact.name}}", saved.HelpReply);
    }

    [Fact]
    public void Render_ReadOnly_ShowsBuiltInKeywordsWithoutSave()
    {
        var cut = Render(ComplianceDraft.From(new ComplianceSettings()), readOnly: true);

        Assert.All(ComplianceKeywords.OptOut.Concat(ComplianceKeywords.Help), k => Assert.Contains(k, cut.Markup));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Save"));
        Assert.All(cut.FindAll("textarea, input[type=text]"), i => Assert.True(i.HasAttribute("readonly")));
    }

    private IRenderedComponent<ComplianceEditor> Render(ComplianceDraft draft, bool readOnly) =>
        _context.Render<ComplianceEditor>(p => p
            .Add(e => e.Draft, draft)
            .Add(e => e.ReadOnly, readOnly)
            .Add(e => e.Save, settings =>
            {
                var errors = RuleCompiler.Validate(new RuleSetDocument { Compliance = settings });
                if (errors.Count == 0)
                {
                    _saved.Add(settings);
                }
                return Task.FromResult(errors);
            }));
}

using Bunit;
using SmsPortal.Components.Shared;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Components.Shared;

public sealed class SegmentCounterTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();

    [Theory]
    [InlineData("", "0 characters · 0 SMS (GSM-7)")]
    [InlineData("a", "1 character · 1 SMS (GSM-7)")]
    [InlineData("Hello there, your order is ready.", "33 characters · 1 SMS (GSM-7)")]
    [InlineData("Price: 5€", "9 characters · 1 SMS (GSM-7)")]
    [InlineData("Thanks 😀", "9 characters · 1 SMS (UCS-2)")]
    public void Render_Text_ShowsCharactersSegmentsAndEncoding(string text, string expected)
    {
        var cut = _context.Render<SegmentCounter>(p => p.Add(c => c.Text, text));

        Assert.Equal(expected, cut.Find("[data-testid=segment-counter]").TextContent.Trim());
    }

    [Fact]
    public void Render_161Characters_TwoSms()
    {
        var cut = _context.Render<SegmentCounter>(p => p.Add(c => c.Text, new string('x', 161)));

        Assert.Equal("161 characters · 2 SMS (GSM-7)", cut.Find("[data-testid=segment-counter]").TextContent.Trim());
    }

    [Fact]
    public void Render_TextChanges_CountFollows()
    {
        var cut = _context.Render<SegmentCounter>(p => p.Add(c => c.Text, new string('x', 70)));

        cut.Render(p => p.Add(c => c.Text, new string('x', 69) + "ж"));

        Assert.Equal("70 characters · 1 SMS (UCS-2)", cut.Find("[data-testid=segment-counter]").TextContent.Trim());
        cut.Render(p => p.Add(c => c.Text, new string('x', 70) + "ж"));
        Assert.Equal("71 characters · 2 SMS (UCS-2)", cut.Find("[data-testid=segment-counter]").TextContent.Trim());
    }

    [Fact]
    public void Render_OverMaxLength_SaysSoInErrorColour()
    {
        var cut = _context.Render<SegmentCounter>(p => p.Add(c => c.Text, new string('x', 11)).Add(c => c.MaxLength, 10));

        var counter = cut.Find("[data-testid=segment-counter]");
        Assert.EndsWith("at most 10 characters", counter.TextContent.Trim());
        Assert.Contains("mud-error-text", counter.ClassName);
    }

    [Fact]
    public void Render_Counter_IsAPoliteLiveRegion()
    {
        var cut = _context.Render<SegmentCounter>(p => p.Add(c => c.Text, "hi"));

        Assert.Equal("polite", cut.Find("[data-testid=segment-counter]").GetAttribute("aria-live"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}

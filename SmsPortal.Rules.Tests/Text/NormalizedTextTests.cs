using SmsPortal.Rules.Text;

namespace SmsPortal.Rules.Tests.Text;

public sealed class NormalizedTextTests
{
    [Theory]
    [InlineData("  Hello   World  ", "hello world")]
    [InlineData(" Stop! ", "stop")]
    [InlineData("\"Price?\", please...", "price please")]
    [InlineData("don't e-mail me", "don't e-mail me")]
    [InlineData("¿Qué tal?", "qué tal")]
    [InlineData("!!! ...", "")]
    [InlineData("", "")]
    public void Normalize_Text_TrimsCaseFoldsAndStripsPunctuationAroundWords(string raw, string expected)
    {
        // Act
        var normalized = NormalizedText.Normalize(raw);

        // Assert
        Assert.Equal(expected, normalized.Text);
    }

    [Fact]
    public void Normalize_Words_ReportsTokenBoundaries()
    {
        // Act
        var normalized = NormalizedText.Normalize("  One, TWO;three  ");

        // Assert
        Assert.Equal(2, normalized.TokenCount);
        Assert.Equal("one", normalized.Token(0).ToString());
        Assert.Equal("two;three", normalized.Token(1).ToString());
    }

    [Fact]
    public void Normalize_FoldAccents_RemovesDiacritics()
    {
        // Act
        var normalized = NormalizedText.Normalize("Café CRÈME brûlée", foldAccents: true);

        // Assert
        Assert.Equal("cafe creme brulee", normalized.Text);
        Assert.Equal("brulee", normalized.Token(2).ToString());
    }

    [Fact]
    public void Normalize_LongText_UsesPooledBufferAndKeepsAllWords()
    {
        // Arrange
        var raw = string.Join(" ", Enumerable.Range(0, 200).Select(i => $"Word{i}!"));

        // Act
        var normalized = NormalizedText.Normalize(raw);

        // Assert
        Assert.Equal(200, normalized.TokenCount);
        Assert.Equal("word199", normalized.Token(199).ToString());
    }

    [Theory]
    [InlineData("i want the price list", "price list", true)]
    [InlineData("i want the price", "price list", false)]
    [InlineData("spice list", "price list", false)]
    [InlineData("price listing", "price list", false)]
    public void ContainsPhrase_WordBoundaries_MatchesOnlyWholeWords(string text, string phrase, bool expected)
    {
        // Arrange
        var normalized = NormalizedText.Normalize(text);

        // Act
        var contains = normalized.ContainsPhrase(phrase);

        // Assert
        Assert.Equal(expected, contains);
    }
}

using SmsPortal.Inbox;

namespace SmsPortal.Tests.Inbox;

public sealed class SmsSegmentsTests
{
    [Fact]
    public void Count_Empty_ZeroSegmentsGsm7()
    {
        var count = SmsSegments.Count("");

        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 0, 0, 0, 160), count);
    }

    [Fact]
    public void Count_Null_TreatedAsEmpty()
    {
        Assert.Equal(0, SmsSegments.Count(null).Segments);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Count_PlainGsm7_160ThenPartsOf153(int length, int segments)
    {
        var count = SmsSegments.Count(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(length, count.Characters);
        Assert.Equal(length, count.Units);
        Assert.Equal(segments, count.Segments);
        Assert.Equal(segments == 1 ? 160 : 153, count.PerSegment);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Count_Ucs2_70ThenPartsOf67(int length, int segments)
    {
        // ж is not in the GSM-7 alphabet, so the whole text is UCS-2.
        var count = SmsSegments.Count(new string('ж', length));

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(length, count.Units);
        Assert.Equal(segments, count.Segments);
        Assert.Equal(segments == 1 ? 70 : 67, count.PerSegment);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("~")]
    [InlineData("^")]
    [InlineData("\\")]
    [InlineData("|")]
    public void Count_ExtensionCharacter_StaysGsm7AndCostsTwoSeptets(string character)
    {
        var count = SmsSegments.Count(character);

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(1, count.Characters);
        Assert.Equal(2, count.Units);
    }

    [Fact]
    public void Count_ExtensionCharacterPushesPast160_TwoSegments()
    {
        var fits = SmsSegments.Count(new string('a', 158) + "€");
        var overflows = SmsSegments.Count(new string('a', 159) + "€");

        Assert.Equal((1, 160), (fits.Segments, fits.Units));
        Assert.Equal((2, 161), (overflows.Segments, overflows.Units));
        Assert.Equal(160, overflows.Characters);
    }

    [Fact]
    public void Count_EscapeSequenceAtPartBoundary_IsNotSplit()
    {
        // 306 septets would be exactly two parts of 153, but € cannot straddle the first part's last septet.
        var count = SmsSegments.Count(new string('a', 152) + "€" + new string('a', 152));

        Assert.Equal(306, count.Units);
        Assert.Equal(3, count.Segments);
    }

    [Theory]
    [InlineData("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà")]
    [InlineData("Line one\nLine two\r\n")]
    public void Count_BasicAlphabetIncludingAccentsAndNewlines_IsGsm7(string text)
    {
        var count = SmsSegments.Count(text);

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(text.Length, count.Units);
    }

    [Theory]
    [InlineData("Ça va?", SmsEncoding.Gsm7)]
    [InlineData("ça va?", SmsEncoding.Ucs2)] // lower-case ç is not in GSM-7
    [InlineData("naïve", SmsEncoding.Ucs2)]
    [InlineData("`backtick`", SmsEncoding.Ucs2)]
    [InlineData("Hello 你好", SmsEncoding.Ucs2)]
    public void Count_CharacterOutsideGsm7_SwitchesWholeMessageToUcs2(string text, SmsEncoding expected)
    {
        Assert.Equal(expected, SmsSegments.Count(text).Encoding);
    }

    [Fact]
    public void Count_Emoji_Ucs2AndTwoCodeUnits()
    {
        var count = SmsSegments.Count("Hi 😀");

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(5, count.Characters);
        Assert.Equal(5, count.Units);
        Assert.Equal(1, count.Segments);
    }

    [Fact]
    public void Count_35Emoji_FitOneSms_36DoNot()
    {
        Assert.Equal(1, SmsSegments.Count(string.Concat(Enumerable.Repeat("😀", 35))).Segments);
        Assert.Equal(2, SmsSegments.Count(string.Concat(Enumerable.Repeat("😀", 36))).Segments);
    }

    [Fact]
    public void Count_SurrogatePairAtPartBoundary_IsNotSplit()
    {
        // 134 code units would be exactly two parts of 67, but the emoji cannot be cut in half.
        var count = SmsSegments.Count(new string('ж', 66) + "😀" + new string('ж', 66));

        Assert.Equal(134, count.Units);
        Assert.Equal(3, count.Segments);
    }

    [Fact]
    public void EncodingName_ReadsAsShown()
    {
        Assert.Equal("GSM-7", SmsSegments.Count("a").EncodingName);
        Assert.Equal("UCS-2", SmsSegments.Count("ж").EncodingName);
    }
}

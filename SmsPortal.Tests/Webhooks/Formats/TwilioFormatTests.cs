using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Common;
using SmsPortal.Outbound;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks.Formats;
using static SmsPortal.Tests.Webhooks.Formats.FormatTestKit;

namespace SmsPortal.Tests.Webhooks.Formats;

public sealed class TwilioFormatTests
{
    private static readonly TwilioFormat Format = TwilioFormat.Instance;

    private static readonly DateTimeOffset Now = new FakeTimeProvider().GetUtcNow();

    private static IEnumerable<JsonElement> All => Vectors.Get("twilio").EnumerateArray();

    public static TheoryData<int> VectorIndexes => [.. Enumerable.Range(0, All.Count())];

    private static List<KeyValuePair<string, string>> FormOf(JsonElement vector) =>
        [.. vector.GetProperty("form").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!))];

    /// <summary>Form-encodes pairs the way Twilio does: percent-encoding, so '+' in a number travels as %2B.</summary>
    private static byte[] Encode(IEnumerable<KeyValuePair<string, string>> pairs) =>
        Utf8(string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));

    private static GatewayRequest RequestFor(JsonElement vector, byte[]? body = null, string? url = null, string? signature = null) =>
        new GatewayRequest(body ?? Encode(FormOf(vector)), Request([], ("x-twilio-signature", signature ?? vector.Text("X-Twilio-Signature"))).Header,
            url ?? vector.Text("url"));

    private static SigningKey[] KeysFor(JsonElement vector) => [Key(vector.Text("authToken"))];

    private static GatewayRequest Form(params (string Name, string Value)[] pairs) =>
        Request(Encode(pairs.Select(p => KeyValuePair.Create(p.Name, p.Value))));

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_Vector_Accepted(int index)
    {
        var vector = All.ElementAt(index);

        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_FieldsInAnotherOrder_Accepted(int index)
    {
        var vector = All.ElementAt(index);
        var reversed = FormOf(vector);
        reversed.Reverse();

        Assert.True(Format.Verify(RequestFor(vector, body: Encode(reversed)), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_NoReplayWindow_AcceptedYearsLater(int index)
    {
        // Twilio signs no timestamp: the clock only decides which keys are still valid.
        var vector = All.ElementAt(index);

        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), Now.AddYears(5)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_TamperedValue_Refused(int index)
    {
        var vector = All.ElementAt(index);
        var form = FormOf(vector);
        form[0] = KeyValuePair.Create(form[0].Key, form[0].Value + "0");

        Assert.False(Format.Verify(RequestFor(vector, body: Encode(form)), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_TamperedBodyBytes_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector, body: Tampered(Encode(FormOf(vector)))), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_ExtraUnsignedField_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector, body: Encode([.. FormOf(vector), KeyValuePair.Create("Extra", "1")])), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_UnencodedPlus_DecodesAsSpaceAndRefused(int index)
    {
        // A literal '+' in a form body means a space, so "+1234..." sent unencoded is " 1234...": not what was signed.
        var vector = All.ElementAt(index);
        var raw = Utf8(string.Join('&', FormOf(vector).Select(p => p.Key + "=" + p.Value)));
        Assert.Contains((byte)'+', raw);

        Assert.False(Format.Verify(RequestFor(vector, body: raw), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_WrongAuthToken_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector), [Key(vector.Text("authToken") + "6")], Now));
        Assert.False(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate())], Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_OtherUrl_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector, url: vector.Text("url") + "&baz=3"), KeysFor(vector), Now));
        Assert.False(Format.Verify(RequestFor(vector, url: vector.Text("url").Replace("https://", "http://", StringComparison.Ordinal)), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_UrlWithExplicitDefaultPort_Accepted(int index)
    {
        var vector = All.ElementAt(index);
        var uri = new Uri(vector.Text("url"));
        var withPort = vector.Text("url").Replace(uri.Host, $"{uri.Host}:{uri.Port}", StringComparison.Ordinal);

        Assert.True(Format.Verify(RequestFor(vector, url: withPort), KeysFor(vector), Now));
    }

    [Fact]
    public void Verify_NoPublicUrl_Refused()
    {
        var vector = All.First();

        Assert.False(Format.Verify(RequestFor(vector) with { PublicUrl = null }, KeysFor(vector), Now));
    }

    [Fact]
    public void Verify_CurrentAndRotatedOutKeys_EveryValidKeyTried()
    {
        var vector = All.First();

        Assert.True(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate()), Key(vector.Text("authToken"), Now.AddSeconds(1))], Now));
        Assert.False(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate()), Key(vector.Text("authToken"), Now)], Now));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("hex")]
    [InlineData("garbage")]
    public void Verify_MissingOrMalformedSignature_RefusedWithoutThrowing(string scenario)
    {
        var vector = All.First();
        var signature = vector.Text("X-Twilio-Signature");
        var headers = scenario switch
        {
            "missing" => [],
            "empty" => [("X-Twilio-Signature", "")],
            "truncated" => [("X-Twilio-Signature", signature[..^4])],
            "hex" => [("X-Twilio-Signature", Convert.ToHexString(Convert.FromBase64String(signature)))],
            _ => new[] { ("X-Twilio-Signature", "!!!!" + signature[4..]) },
        };

        Assert.False(Format.Verify(new GatewayRequest(Encode(FormOf(vector)), Request([], headers).Header, vector.Text("url")), KeysFor(vector), Now));
    }

    [Fact]
    public void Verify_BodyNotUtf8_RefusedWithoutThrowing()
    {
        var vector = All.First();

        Assert.False(Format.Verify(RequestFor(vector, body: [0xff, 0xfe, (byte)'=', 0x80]), KeysFor(vector), Now));
    }

    [Fact]
    public void Sign_Vectors_ReproduceTheirSignatures()
    {
        foreach (var vector in All)
        {
            Assert.Equal(vector.Text("X-Twilio-Signature"), TwilioFormat.Sign(vector.Text("url"), FormOf(vector), vector.Text("authToken")));
        }
    }

    [Theory]
    [InlineData("https://example.test/hooks/sms/ep_1?x=1", "https://example.test:443/hooks/sms/ep_1?x=1")]
    [InlineData("https://example.test:443/hooks", "https://example.test/hooks")]
    [InlineData("http://example.test", "http://example.test:80")]
    [InlineData("https://user:pw@example.test/a", "https://user:pw@example.test:443/a")]
    [InlineData("https://[::1]/a", "https://[::1]:443/a")]
    public void UrlVariants_DefaultPort_AddedOrRemoved(string url, string variant)
    {
        Assert.Equal([url, variant], TwilioFormat.UrlVariants(url));
    }

    [Fact]
    public void UrlVariants_NonDefaultPort_OnlyTheUrl()
    {
        Assert.Equal(["https://example.test:8443/a"], TwilioFormat.UrlVariants("https://example.test:8443/a"));
    }

    [Fact]
    public void Parse_VoiceVector_Ignored()
    {
        // The vector is Twilio's own (voice) example: authentic, but no message to store.
        var vector = All.Single(v => v.GetProperty("form").TryGetProperty("CallSid", out _));

        Assert.IsType<IgnoredEvent>(Format.Parse(RequestFor(vector), Now));
    }

    [Fact]
    public void Parse_IncomingSms_MapsFieldsDecodedWithMessageSidAsKey()
    {
        var vector = All.First();
        var form = FormOf(vector).ToDictionary();
        var now = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero)).GetUtcNow();

        var sms = Is<InboundSms>(Format.Parse(Form(
            ("ToCountry", "US"), ("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"), ("NumMedia", "1"),
            ("MediaUrl0", "https://api.twilio.com/media/1"), ("SmsStatus", "received"), ("Body", "Hé 👋 can I book for 2? a+b=c&d"),
            ("From", form["From"]), ("To", form["To"]), ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
            ("AccountSid", "AC0123456789abcdef0123456789abcdef"), ("NumSegments", "1"), ("ApiVersion", "2010-04-01")), now));

        Assert.Equal("SM0123456789abcdef0123456789abcdef", sms.ExternalId);
        Assert.Equal(form["From"], sms.From);
        Assert.Equal(form["To"], sms.To);
        Assert.Equal("Hé 👋 can I book for 2? a+b=c&d", sms.Text);
        Assert.Equal(now, sms.ReceivedAt);
        Assert.Null(sms.DeviceId);
        Assert.Null(sms.SimSlot);
    }

    [Fact]
    public void Parse_PlusEncodedSpaces_DecodedAsSpaces()
    {
        var sms = Is<InboundSms>(Format.Parse(Request(Utf8("MessageSid=SM1&From=%2B15551234567&Body=see+you+at+8%2B")), Now));

        Assert.Equal("see you at 8+", sms.Text);
        Assert.Equal("+15551234567", sms.From);
    }

    [Theory]
    [InlineData("sent", ReportedStatus.Sent)]
    [InlineData("delivered", ReportedStatus.Delivered)]
    [InlineData("undelivered", ReportedStatus.Failed)]
    [InlineData("failed", ReportedStatus.Failed)]
    public void Parse_StatusCallback_StatusUpdateKeyedByMessageSid(string messageStatus, ReportedStatus expected)
    {
        var failed = expected == ReportedStatus.Failed;
        var pairs = new List<(string, string)>
        {
            ("SmsSid", "SM99"), ("SmsStatus", messageStatus), ("MessageStatus", messageStatus), ("To", "+15550001111"),
            ("MessageSid", "SM99"), ("AccountSid", "AC1"), ("From", "+15557654321"), ("ApiVersion", "2010-04-01"),
        };
        if (failed)
        {
            pairs.Add(("ErrorCode", "30006"));
        }

        var update = Report(Format.Parse(Form([.. pairs]), Now));

        Assert.Equal("SM99", update.GatewayMessageId);
        Assert.Null(update.OutboundId);
        Assert.Equal(expected, update.Status);
        Assert.Equal("+15550001111", update.Recipient);
        Assert.Equal(failed ? "30006" : null, update.ErrorCode);
        Assert.Equal(failed ? messageStatus : null, update.Reason);
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("accepted")]
    [InlineData("scheduled")]
    [InlineData("sending")]
    [InlineData("read")]
    public void Parse_InterimStatus_Ignored(string messageStatus)
    {
        var ignored = Is<IgnoredEvent>(Format.Parse(Form(("MessageSid", "SM99"), ("MessageStatus", messageStatus), ("To", "+15550001111")), Now));

        Assert.Equal("MessageStatus=" + messageStatus, ignored.EventType);
    }

    [Theory]
    [InlineData("MessageSid")]
    [InlineData("From")]
    [InlineData("Body")]
    public void Parse_IncomingSmsMissingField_FailsNamingIt(string missing)
    {
        var pairs = new[] { ("MessageSid", "SM1"), ("From", "+15551234567"), ("Body", "hi") }.Where(p => p.Item1 != missing).ToArray();

        var failure = Is<ParseFailure>(Format.Parse(Form(pairs), Now));

        Assert.Equal(missing, failure.Field);
    }

    [Theory]
    [InlineData("MessageSid")]
    [InlineData("From")]
    [InlineData("Body")]
    public void Parse_NulInAField_FailsNamingIt(string field)
    {
        // PostgreSQL cannot store a NUL: refused as bad input (400), not retried as a storage failure.
        var pairs = new[] { ("MessageSid", "SM1"), ("From", "+15551234567"), ("Body", "hi") }
            .Select(p => p.Item1 == field ? (p.Item1, p.Item2 + "\0") : p).ToArray();

        var failure = Is<ParseFailure>(Format.Parse(Form(pairs), Now));

        Assert.Equal(field, failure.Field);
        Assert.Contains("NUL", failure.Error);
    }

    [Fact]
    public void Parse_BodyNotUtf8_FailsWithoutField()
    {
        var failure = Is<ParseFailure>(Format.Parse(Request([0xff, 0xfe]), Now));

        Assert.Null(failure.Field);
    }
}

using System.Text.Json;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks.Formats;
using static SmsPortal.Tests.Webhooks.Formats.FormatTestKit;

namespace SmsPortal.Tests.Webhooks.Formats;

public sealed class StandardWebhooksFormatTests
{
    private static readonly StandardWebhooksFormat Format = StandardWebhooksFormat.Instance;

    private static IEnumerable<JsonElement> All => Vectors.Get("standard_webhooks").EnumerateArray();

    private static JsonElement NativeBodyVector => All.Single(v => v.Text("body").Contains("\"from\""));

    public static TheoryData<int> VectorIndexes => [.. Enumerable.Range(0, All.Count())];

    private static GatewayRequest RequestFor(JsonElement vector, byte[]? body = null, string? signature = null, string? id = null) =>
        Request(body ?? Utf8(vector.Text("body")),
            ("Webhook-Id", id ?? vector.Text("id")),
            ("Webhook-Timestamp", vector.Text("timestamp")),
            ("Webhook-Signature", signature ?? vector.Text("webhook-signature")));

    private static SigningKey[] KeysFor(JsonElement vector) => [Key(vector.Text("secret"))];

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_Vector_AtItsTimestamp_Accepted(int index)
    {
        var vector = All.ElementAt(index);

        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), ClockAt(vector.Text("timestamp"))));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_Vector_At300SecondsEitherWay_Accepted(int index)
    {
        var vector = All.ElementAt(index);

        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), ClockAt(vector.Text("timestamp"), 300)));
        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), ClockAt(vector.Text("timestamp"), -300)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_StaleOrFutureTimestamp_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector), KeysFor(vector), ClockAt(vector.Text("timestamp"), 301)));
        Assert.False(Format.Verify(RequestFor(vector), KeysFor(vector), ClockAt(vector.Text("timestamp"), -301)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_TamperedBody_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector, body: Tampered(Utf8(vector.Text("body")))), KeysFor(vector), ClockAt(vector.Text("timestamp"))));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_OtherMessageId_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector, id: vector.Text("id") + "x"), KeysFor(vector), ClockAt(vector.Text("timestamp"))));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_WrongSecret_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate())], ClockAt(vector.Text("timestamp"))));
    }

    [Fact]
    public void Verify_WholeSecretStringAsKey_Refused()
    {
        // The native scheme keys with the whole string; Standard Webhooks with its decoded bytes. Mixing them up must fail.
        var vector = NativeBodyVector;
        var nativeStyle = SmsPortal.Common.SignatureVerifier.Sign(Utf8($"{vector.Text("id")}.{vector.Text("timestamp")}.{vector.Text("body")}"), Utf8(vector.Text("secret")));
        var asBase64 = "v1," + Convert.ToBase64String(Convert.FromHexString(nativeStyle));

        Assert.False(Format.Verify(RequestFor(vector, signature: asBase64), KeysFor(vector), ClockAt(vector.Text("timestamp"))));
    }

    [Fact]
    public void Verify_SeveralSignaturesOneValid_Accepted()
    {
        var vector = NativeBodyVector;
        var header = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,abc " + vector.Text("webhook-signature");

        Assert.True(Format.Verify(RequestFor(vector, signature: header), KeysFor(vector), ClockAt(vector.Text("timestamp"))));
    }

    [Fact]
    public void Verify_CurrentAndRotatedOutKeys_EveryValidKeyTried()
    {
        var vector = NativeBodyVector;
        var now = ClockAt(vector.Text("timestamp"));
        SigningKey[] inGrace = [Key(SigningSecrets.Generate()), Key(vector.Text("secret"), now.AddHours(1))];
        SigningKey[] expired = [Key(SigningSecrets.Generate()), Key(vector.Text("secret"), now)];

        Assert.True(Format.Verify(RequestFor(vector), inGrace, now));
        Assert.False(Format.Verify(RequestFor(vector), expired, now));
    }

    [Theory]
    [InlineData("no id")]
    [InlineData("no timestamp")]
    [InlineData("no signature")]
    [InlineData("fractional timestamp")]
    [InlineData("negative timestamp")]
    [InlineData("huge timestamp")]
    [InlineData("no version")]
    [InlineData("not base64")]
    [InlineData("empty signature")]
    [InlineData("unknown version")]
    [InlineData("truncated signature")]
    public void Verify_MissingOrMalformedHeaders_RefusedWithoutThrowing(string scenario)
    {
        var vector = NativeBodyVector;
        string? id = vector.Text("id"), timestamp = vector.Text("timestamp"), signature = vector.Text("webhook-signature");
        var digest = signature["v1,".Length..];
        switch (scenario)
        {
            case "no id": id = null; break;
            case "no timestamp": timestamp = null; break;
            case "no signature": signature = null; break;
            case "fractional timestamp": timestamp += ".0"; break;
            case "negative timestamp": timestamp = "-" + timestamp; break;
            case "huge timestamp": timestamp = new string('9', 20); break;
            case "no version": signature = digest; break;
            case "not base64": signature = "v1,not base64!"; break;
            case "empty signature": signature = "v1,"; break;
            case "unknown version": signature = "v2," + digest; break;
            case "truncated signature": signature = signature[..^4]; break;
        }
        var headers = new List<(string, string)>();
        if (id is not null) headers.Add(("webhook-id", id));
        if (timestamp is not null) headers.Add(("webhook-timestamp", timestamp));
        if (signature is not null) headers.Add(("webhook-signature", signature));

        Assert.False(Format.Verify(Request(Utf8(vector.Text("body")), [.. headers]), KeysFor(vector), ClockAt(vector.Text("timestamp"))));
    }

    [Fact]
    public void Verify_NonBase64Secret_SkippedNotThrown()
    {
        var vector = NativeBodyVector;

        Assert.False(Format.Verify(RequestFor(vector), [Key("whsec_%%%not-base64%%%"), Key("")], ClockAt(vector.Text("timestamp"))));
    }

    [Fact]
    public void Sign_Vectors_ReproduceTheirSignatures()
    {
        foreach (var vector in All)
        {
            Assert.Equal(vector.Text("webhook-signature"),
                StandardWebhooksFormat.Sign(vector.Text("id"), vector.Text("timestamp"), Utf8(vector.Text("body")), vector.Text("secret")));
        }
    }

    [Fact]
    public void Parse_NativeBodyVector_MapsFieldsWithWebhookIdAsKey()
    {
        var vector = NativeBodyVector;
        using var body = JsonDocument.Parse(vector.Text("body"));

        var sms = Is<InboundSms>(Format.Parse(RequestFor(vector), ClockAt(vector.Text("timestamp"))));

        Assert.Equal(vector.Text("id"), sms.ExternalId);
        Assert.Equal(body.RootElement.Text("from"), sms.From);
        Assert.Equal(body.RootElement.Text("text"), sms.Text);
        Assert.Null(sms.To);
        Assert.Equal(DateTimeOffset.Parse(body.RootElement.Text("receivedAt"), System.Globalization.CultureInfo.InvariantCulture), sms.ReceivedAt);
    }

    [Fact]
    public void Parse_WebhookIdDiffersFromBodyId_HeaderIsTheKey()
    {
        var vector = NativeBodyVector;

        var sms = Is<InboundSms>(Format.Parse(RequestFor(vector, id: "msg_retry_stable"), DateTimeOffset.UnixEpoch));

        Assert.Equal("msg_retry_stable", sms.ExternalId);
    }

    [Fact]
    public void Parse_SpecVectorBody_FailsNamingTheMissingField()
    {
        // The spec's own vector signs {"test": ...}: authentic, but not a native payload.
        var vector = All.Single(v => !v.Text("body").Contains("\"from\""));

        var failure = Is<ParseFailure>(Format.Parse(RequestFor(vector), DateTimeOffset.UnixEpoch));

        Assert.Equal("id", failure.Field);
    }

    [Fact]
    public void Parse_MissingWebhookId_FailsNamingTheHeader()
    {
        var vector = NativeBodyVector;

        var failure = Is<ParseFailure>(Format.Parse(Request(Utf8(vector.Text("body"))), DateTimeOffset.UnixEpoch));

        Assert.Equal("webhook-id", failure.Field);
    }
}

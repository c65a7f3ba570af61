using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Common;
using SmsPortal.Outbound;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks.Formats;
using static SmsPortal.Tests.Webhooks.Formats.FormatTestKit;

namespace SmsPortal.Tests.Webhooks.Formats;

public sealed class TextbeeFormatTests
{
    private static readonly TextbeeFormat Format = TextbeeFormat.Instance;

    // textbee signs no timestamp: any clock must do.
    private static readonly DateTimeOffset Now = new FakeTimeProvider().GetUtcNow();

    private static IEnumerable<JsonElement> All => Vectors.Get("textbee").EnumerateArray();

    private static JsonElement Received => All.First(v => v.Text("body").Contains("MESSAGE_RECEIVED"));

    public static TheoryData<int> VectorIndexes => [.. Enumerable.Range(0, All.Count())];

    private static GatewayRequest RequestFor(JsonElement vector, byte[]? body = null, string? signature = null) =>
        Request(body ?? Utf8(vector.Text("body")), ("x-signature", signature ?? vector.Text("X-Signature")));

    private static SigningKey[] KeysFor(JsonElement vector) => [Key(vector.Text("secret"))];

    private static GatewayRequest Variant(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Received.Text("body"))!.AsObject();
        edit(root);
        return Request(Utf8(root.ToJsonString()));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_Vector_Accepted(int index)
    {
        var vector = All.ElementAt(index);

        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_Vector_NoReplayWindow_AcceptedYearsLater(int index)
    {
        // textbee has no signed timestamp, so there is nothing to be stale: idempotency handles replays.
        var vector = All.ElementAt(index);

        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), Now.AddYears(5)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_TamperedBody_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector, body: Tampered(Utf8(vector.Text("body")))), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_ReserialisedBody_Refused(int index)
    {
        var vector = All.ElementAt(index);
        using var document = JsonDocument.Parse(vector.Text("body"));
        var reserialised = JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });

        Assert.False(Format.Verify(RequestFor(vector, body: Utf8(reserialised)), KeysFor(vector), Now));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_WrongSecret_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate())], Now));
    }

    [Fact]
    public void Verify_CurrentAndRotatedOutKeys_EveryValidKeyTried()
    {
        var vector = Received;

        Assert.True(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate()), Key(vector.Text("secret"), Now.AddSeconds(1))], Now));
        Assert.False(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate()), Key(vector.Text("secret"), Now)], Now));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("short")]
    [InlineData("non-hex")]
    [InlineData("base64")]
    public void Verify_MissingOrMalformedSignature_RefusedWithoutThrowing(string scenario)
    {
        var vector = Received;
        var signature = vector.Text("X-Signature");
        var headers = scenario switch
        {
            "missing" => [],
            "empty" => [("X-Signature", "")],
            "short" => [("X-Signature", signature[..^1])],
            "non-hex" => [("X-Signature", "g" + signature[1..])],
            _ => new[] { ("X-Signature", Convert.ToBase64String(Convert.FromHexString(signature))) },
        };

        Assert.False(Format.Verify(Request(Utf8(vector.Text("body")), headers), KeysFor(vector), Now));
    }

    [Fact]
    public void Parse_ReceivedVector_MapsFieldsWithIdempotencyKey()
    {
        var vector = Received;
        using var document = JsonDocument.Parse(vector.Text("body"));
        var root = document.RootElement;

        var sms = Is<InboundSms>(Format.Parse(RequestFor(vector), Now));

        Assert.Equal(root.Text("idempotencyKey"), sms.ExternalId);
        Assert.Equal(root.Text("sender"), sms.From);
        Assert.Null(sms.To);
        Assert.Equal(root.Text("message"), sms.Text);
        Assert.Equal(DateTimeOffset.Parse(root.Text("receivedAt"), CultureInfo.InvariantCulture), sms.ReceivedAt);
        Assert.Equal(root.Text("deviceId"), sms.DeviceId);
        Assert.Null(sms.SimSlot);
    }

    [Fact]
    public void Parse_NoIdempotencyKey_FallsBackToSmsId()
    {
        using var document = JsonDocument.Parse(Received.Text("body"));

        var sms = Is<InboundSms>(Format.Parse(Variant(root => root.Remove("idempotencyKey")), Now));

        Assert.Equal(document.RootElement.Text("smsId"), sms.ExternalId);
    }

    [Fact]
    public void Parse_NeitherKey_FailsNamingIdempotencyKey()
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(root =>
        {
            root.Remove("idempotencyKey");
            root.Remove("smsId");
        }), Now));

        Assert.Equal("idempotencyKey", failure.Field);
    }

    [Theory]
    [InlineData("webhookEvent")]
    [InlineData("sender")]
    [InlineData("message")]
    [InlineData("receivedAt")]
    public void Parse_MissingField_FailsNamingIt(string field)
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(root => root.Remove(field)), Now));

        Assert.Equal(field, failure.Field);
    }

    [Theory]
    [InlineData("MESSAGE_SENT", ReportedStatus.Sent, "sentAt")]
    [InlineData("MESSAGE_DELIVERED", ReportedStatus.Delivered, "deliveredAt")]
    [InlineData("MESSAGE_FAILED", ReportedStatus.Failed, "failedAt")]
    public void Parse_OutboundEvents_StatusUpdates(string eventType, ReportedStatus expected, string timeField)
    {
        using var document = JsonDocument.Parse(Received.Text("body"));
        var failed = expected == ReportedStatus.Failed;

        var update = Report(Format.Parse(Variant(root =>
        {
            root["webhookEvent"] = eventType;
            root.Remove("sender");
            root.Remove("receivedAt");
            root["recipient"] = "+15550001111";
            root["status"] = eventType["MESSAGE_".Length..].ToLowerInvariant();
            root["smsBatchId"] = "6701a2b3c4d5e6f708190000";
            root[timeField] = "2025-10-05T13:01:00.000Z";
            if (failed)
            {
                root["errorCode"] = 1;
                root["errorMessage"] = "Generic failure";
            }
        }), Now));

        Assert.Equal(document.RootElement.Text("smsId"), update.GatewayMessageId);
        Assert.Null(update.OutboundId);
        Assert.Equal(expected, update.Status);
        Assert.Equal("+15550001111", update.Recipient);
        Assert.Equal(new DateTimeOffset(2025, 10, 5, 13, 1, 0, TimeSpan.Zero), update.OccurredAt);
        Assert.Equal(failed ? "1" : null, update.ErrorCode);
        Assert.Equal(failed ? "Generic failure" : null, update.Reason);
    }

    [Fact]
    public void Parse_StatusWithoutSmsId_FailsNamingIt()
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(root =>
        {
            root["webhookEvent"] = "MESSAGE_DELIVERED";
            root.Remove("smsId");
        }), Now));

        Assert.Equal("smsId", failure.Field);
    }

    [Theory]
    [InlineData("UNKNOWN_STATE")]
    [InlineData("SMS_STATUS_UPDATED")]
    [InlineData("SOMETHING_NEW")]
    public void Parse_OtherEvents_Ignored(string eventType)
    {
        var ignored = Is<IgnoredEvent>(Format.Parse(Variant(root => root["webhookEvent"] = eventType), Now));

        Assert.Equal(eventType, ignored.EventType);
    }
}

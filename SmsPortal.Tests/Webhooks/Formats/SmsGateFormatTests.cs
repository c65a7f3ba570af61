using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmsPortal.Common;
using SmsPortal.Outbound;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks.Formats;
using static SmsPortal.Tests.Webhooks.Formats.FormatTestKit;

namespace SmsPortal.Tests.Webhooks.Formats;

public sealed class SmsGateFormatTests
{
    private static readonly SmsGateFormat Format = SmsGateFormat.Instance;

    private static IEnumerable<JsonElement> All => Vectors.Get("smsgate").EnumerateArray();

    private static JsonElement Received => All.First(v => v.Text("body").Contains("sms:received"));

    public static TheoryData<int> VectorIndexes => [.. Enumerable.Range(0, All.Count())];

    private static GatewayRequest RequestFor(JsonElement vector, byte[]? body = null, string? signature = null, string? timestamp = null) =>
        Request(body ?? Utf8(vector.Text("body")),
            ("x-signature", signature ?? vector.Text("X-Signature")),
            ("x-timestamp", timestamp ?? vector.Text("X-Timestamp")));

    private static SigningKey[] KeysFor(JsonElement vector) => [Key(vector.Text("secret"))];

    private static DateTimeOffset Clock(JsonElement vector, int offsetSeconds = 0) => ClockAt(vector.Text("X-Timestamp"), offsetSeconds);

    /// <summary>The vector's body with edits applied, as a gateway would send a variant of it (unsigned: for Parse only).</summary>
    private static GatewayRequest Variant(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Received.Text("body"))!.AsObject();
        edit(root);
        return Request(Utf8(root.ToJsonString()));
    }

    private static GatewayRequest StatusEvent(string eventType, Action<JsonObject>? editPayload = null) => Variant(root =>
    {
        root["event"] = eventType;
        var payload = root["payload"]!.AsObject();
        payload.Remove("receivedAt");
        payload.Remove("message");
        editPayload?.Invoke(payload);
    });

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_Vector_AtItsTimestamp_Accepted(int index)
    {
        var vector = All.ElementAt(index);

        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), Clock(vector)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_Vector_At300SecondsEitherWay_Accepted(int index)
    {
        var vector = All.ElementAt(index);

        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), Clock(vector, 300)));
        Assert.True(Format.Verify(RequestFor(vector), KeysFor(vector), Clock(vector, -300)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_StaleOrFutureTimestamp_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector), KeysFor(vector), Clock(vector, 301)));
        Assert.False(Format.Verify(RequestFor(vector), KeysFor(vector), Clock(vector, -301)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_TamperedBody_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector, body: Tampered(Utf8(vector.Text("body")))), KeysFor(vector), Clock(vector)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_OtherTimestampSameSignature_Refused(int index)
    {
        // The timestamp is signed: moving it (to dodge the window) breaks the signature.
        var vector = All.ElementAt(index);
        var moved = (long.Parse(vector.Text("X-Timestamp"), CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);

        Assert.False(Format.Verify(RequestFor(vector, timestamp: moved), KeysFor(vector), Clock(vector)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Verify_WrongSecret_Refused(int index)
    {
        var vector = All.ElementAt(index);

        Assert.False(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate())], Clock(vector)));
    }

    [Fact]
    public void Verify_BodyOnlySignature_Refused()
    {
        // The native scheme's signature (body without timestamp) must not pass as SMSGate's.
        var vector = Received;
        var nativeStyle = SmsPortal.Common.SignatureVerifier.Sign(Utf8(vector.Text("body")), Utf8(vector.Text("secret")));

        Assert.False(Format.Verify(RequestFor(vector, signature: nativeStyle), KeysFor(vector), Clock(vector)));
    }

    [Fact]
    public void Verify_UppercaseHex_Accepted()
    {
        var vector = Received;

        Assert.True(Format.Verify(RequestFor(vector, signature: vector.Text("X-Signature").ToUpperInvariant()), KeysFor(vector), Clock(vector)));
    }

    [Fact]
    public void Verify_CurrentAndRotatedOutKeys_EveryValidKeyTried()
    {
        var vector = Received;
        var now = Clock(vector);

        Assert.True(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate()), Key(vector.Text("secret"), now.AddMinutes(1))], now));
        Assert.False(Format.Verify(RequestFor(vector), [Key(SigningSecrets.Generate()), Key(vector.Text("secret"), now.AddMinutes(-1))], now));
    }

    [Theory]
    [InlineData("no signature")]
    [InlineData("no timestamp")]
    [InlineData("short signature")]
    [InlineData("non-hex signature")]
    [InlineData("prefixed signature")]
    [InlineData("milliseconds timestamp")]
    [InlineData("signed timestamp")]
    [InlineData("timestamp with spaces")]
    public void Verify_MissingOrMalformedHeaders_RefusedWithoutThrowing(string scenario)
    {
        var vector = Received;
        string? signature = vector.Text("X-Signature"), timestamp = vector.Text("X-Timestamp");
        switch (scenario)
        {
            case "no signature": signature = null; break;
            case "no timestamp": timestamp = null; break;
            case "short signature": signature = signature[..^2]; break;
            case "non-hex signature": signature = "zz" + signature[2..]; break;
            case "prefixed signature": signature = "sha256=" + signature; break;
            case "milliseconds timestamp": timestamp += "000"; break;
            case "signed timestamp": timestamp = "+" + timestamp; break;
            case "timestamp with spaces": timestamp = " " + timestamp; break;
        }
        var headers = new List<(string, string)>();
        if (signature is not null) headers.Add(("X-Signature", signature));
        if (timestamp is not null) headers.Add(("X-Timestamp", timestamp));

        Assert.False(Format.Verify(Request(Utf8(vector.Text("body")), [.. headers]), KeysFor(vector), Clock(vector)));
    }

    [Fact]
    public void Sign_Vectors_ReproduceTheirSignatures()
    {
        foreach (var vector in All)
        {
            Assert.Equal(vector.Text("X-Signature"), SmsGateFormat.Sign(Utf8(vector.Text("body")), vector.Text("X-Timestamp"), Utf8(vector.Text("secret"))));
        }
    }

    [Fact]
    public void Parse_ReceivedVector_MapsPayloadFields()
    {
        var vector = Received;
        using var document = JsonDocument.Parse(vector.Text("body"));
        var root = document.RootElement;
        var payload = root.GetProperty("payload");
        var receivedAt = DateTimeOffset.Parse(payload.Text("receivedAt"), CultureInfo.InvariantCulture);

        var sms = Is<InboundSms>(Format.Parse(RequestFor(vector), Clock(vector)));

        Assert.Equal($"{payload.Text("messageId")}:{root.Text("deviceId")}:{receivedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}", sms.ExternalId);
        Assert.Equal(payload.Text("sender"), sms.From);
        Assert.Equal(payload.Text("recipient"), sms.To);
        Assert.Equal(payload.Text("message"), sms.Text);
        Assert.Equal(receivedAt, sms.ReceivedAt);
        Assert.Equal(TimeSpan.Zero, sms.ReceivedAt.Offset);
        Assert.Equal(root.Text("deviceId"), sms.DeviceId);
        Assert.Equal(payload.GetProperty("simNumber").GetInt32(), sms.SimSlot);
    }

    [Fact]
    public void Parse_DuplicateEventsWithDifferentEventIds_SameIdempotencyKey()
    {
        var original = Is<InboundSms>(Format.Parse(RequestFor(Received), DateTimeOffset.UnixEpoch));
        var duplicate = Is<InboundSms>(Format.Parse(Variant(root =>
        {
            root["id"] = "a-different-event-id";
            root["webhookId"] = "a-different-webhook-id";
        }), DateTimeOffset.UnixEpoch));

        Assert.Equal(original.ExternalId, duplicate.ExternalId);
    }

    [Fact]
    public void Parse_SameInstantInAnotherTimeZone_SameIdempotencyKey()
    {
        var original = Is<InboundSms>(Format.Parse(RequestFor(Received), DateTimeOffset.UnixEpoch));
        var shifted = Is<InboundSms>(Format.Parse(Variant(root =>
            root["payload"]!["receivedAt"] = original.ReceivedAt.ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)),
            DateTimeOffset.UnixEpoch));

        Assert.Equal(original.ExternalId, shifted.ExternalId);
    }

    [Fact]
    public void Parse_SameContentHashReceivedLater_DifferentIdempotencyKey()
    {
        // messageId is a hash of the content: the same text sent twice must still be two messages.
        var original = Is<InboundSms>(Format.Parse(RequestFor(Received), DateTimeOffset.UnixEpoch));
        var later = Is<InboundSms>(Format.Parse(Variant(root =>
            root["payload"]!["receivedAt"] = original.ReceivedAt.AddMinutes(3).ToString("O", CultureInfo.InvariantCulture)), DateTimeOffset.UnixEpoch));

        Assert.NotEqual(original.ExternalId, later.ExternalId);
    }

    [Fact]
    public void Parse_OtherDevice_DifferentIdempotencyKey()
    {
        var original = Is<InboundSms>(Format.Parse(RequestFor(Received), DateTimeOffset.UnixEpoch));
        var otherPhone = Is<InboundSms>(Format.Parse(Variant(root => root["deviceId"] = "another-device"), DateTimeOffset.UnixEpoch));

        Assert.NotEqual(original.ExternalId, otherPhone.ExternalId);
    }

    [Fact]
    public void Parse_OlderAppWithPhoneNumberOnly_SenderFromPhoneNumber()
    {
        using var document = JsonDocument.Parse(Received.Text("body"));
        var sender = document.RootElement.GetProperty("payload").Text("sender");

        var sms = Is<InboundSms>(Format.Parse(Variant(root =>
        {
            var payload = root["payload"]!.AsObject();
            payload.Remove("sender");
            payload.Remove("recipient");
            payload["phoneNumber"] = sender;
        }), DateTimeOffset.UnixEpoch));

        Assert.Equal(sender, sms.From);
        Assert.Null(sms.To);
    }

    [Fact]
    public void Parse_NullSimNumber_NoSimSlot()
    {
        var sms = Is<InboundSms>(Format.Parse(Variant(root => root["payload"]!["simNumber"] = null), DateTimeOffset.UnixEpoch));

        Assert.Null(sms.SimSlot);
    }

    [Theory]
    [InlineData("sms:sent", ReportedStatus.Sent, "sentAt")]
    [InlineData("sms:delivered", ReportedStatus.Delivered, "deliveredAt")]
    [InlineData("sms:failed", ReportedStatus.Failed, "failedAt")]
    public void Parse_OutboundEvents_StatusUpdates(string eventType, ReportedStatus expected, string timeField)
    {
        var update = Report(Format.Parse(StatusEvent(eventType, payload =>
        {
            payload["messageId"] = "portal-out-1";
            payload["sender"] = "+1234567890";
            payload["recipient"] = "+15550001111";
            payload[timeField] = "2024-06-22T15:47:00.000+07:00";
            if (expected == ReportedStatus.Failed)
            {
                payload["reason"] = "RESULT_ERROR_GENERIC_FAILURE";
            }
        }), DateTimeOffset.UnixEpoch));

        Assert.Equal("portal-out-1", update.GatewayMessageId);
        Assert.Null(update.OutboundId);
        Assert.Equal(expected, update.Status);
        Assert.Equal("+15550001111", update.Recipient);
        Assert.Equal(new DateTimeOffset(2024, 6, 22, 8, 47, 0, TimeSpan.Zero), update.OccurredAt);
        Assert.Equal(expected == ReportedStatus.Failed ? "RESULT_ERROR_GENERIC_FAILURE" : null, update.Reason);
    }

    [Fact]
    public void Parse_OutboundEventFromOlderApp_RecipientFromPhoneNumber()
    {
        var update = Report(Format.Parse(StatusEvent("sms:delivered", payload =>
        {
            payload.Remove("sender");
            payload.Remove("recipient");
            payload["phoneNumber"] = "+15550001111";
        }), DateTimeOffset.UnixEpoch));

        Assert.Equal("+15550001111", update.Recipient);
        Assert.Null(update.OccurredAt);
    }

    [Theory]
    [InlineData("system:ping")]
    [InlineData("sms:data-received")]
    [InlineData("mms:received")]
    [InlineData("something:new")]
    public void Parse_OtherEvents_Ignored(string eventType)
    {
        var ignored = Is<IgnoredEvent>(Format.Parse(Variant(root =>
        {
            root["event"] = eventType;
            root["payload"] = new JsonObject { ["health"] = new JsonObject { ["status"] = "pass" } };
        }), DateTimeOffset.UnixEpoch));

        Assert.Equal(eventType, ignored.EventType);
    }

    [Theory]
    [InlineData("event", "event")]
    [InlineData("deviceId", "deviceId")]
    [InlineData("payload", "payload")]
    [InlineData("payload.messageId", "payload.messageId")]
    [InlineData("payload.message", "payload.message")]
    [InlineData("payload.sender", "payload.sender")]
    [InlineData("payload.receivedAt", "payload.receivedAt")]
    public void Parse_MissingField_FailsNamingIt(string path, string expectedField)
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(root =>
        {
            var parts = path.Split('.');
            var parent = parts.Length == 1 ? root : root[parts[0]]!.AsObject();
            parent.Remove(parts[^1]);
            if (parts[^1] == "sender")
            {
                parent.Remove("phoneNumber");
            }
        }), DateTimeOffset.UnixEpoch));

        Assert.Equal(expectedField, failure.Field);
    }

    [Theory]
    [InlineData("2024-06-22T15:46:11.000", "payload.receivedAt")]
    [InlineData("yesterday", "payload.receivedAt")]
    public void Parse_ReceivedAtWithoutOffset_FailsNamingIt(string value, string expectedField)
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(root => root["payload"]!["receivedAt"] = value), DateTimeOffset.UnixEpoch));

        Assert.Equal(expectedField, failure.Field);
    }

    [Fact]
    public void Parse_SimNumberNotAnInteger_FailsNamingIt()
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(root => root["payload"]!["simNumber"] = "one"), DateTimeOffset.UnixEpoch));

        Assert.Equal("payload.simNumber", failure.Field);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Parse_NotAJsonObject_FailsWithoutField(string body)
    {
        var failure = Is<ParseFailure>(Format.Parse(Request(Utf8(body)), DateTimeOffset.UnixEpoch));

        Assert.Null(failure.Field);
    }
}

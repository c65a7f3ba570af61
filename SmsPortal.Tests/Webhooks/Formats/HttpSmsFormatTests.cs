using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmsPortal.Common;
using SmsPortal.Outbound;
using SmsPortal.Endpoints;
using SmsPortal.Webhooks.Formats;
using static SmsPortal.Tests.Webhooks.Formats.FormatTestKit;

namespace SmsPortal.Tests.Webhooks.Formats;

/// <summary>
/// Builds the bearer tokens httpSMS sends: HS256 over <c>base64url(header).base64url(claims)</c>, keyed with the
/// signing key's UTF-8 bytes, with the claims httpSMS sets (iss, aud, sub, iat, nbf = iat − 10 min, exp = iat + 10 min).
/// </summary>
internal static class HttpSmsToken
{
    public const string Audience = "https://portal.example.com/hooks/sms/ep_01";

    public static string Create(string signingKey, DateTimeOffset issuedAt, string alg = "HS256", object? claims = null, string audience = Audience)
    {
        var header = Segment(new { alg, typ = "JWT" });
        var payload = Segment(claims ?? Claims(issuedAt, audience));
        var input = Encoding.ASCII.GetBytes(header + "." + payload);
        var key = Encoding.UTF8.GetBytes(signingKey);
        var signature = alg switch
        {
            "HS512" => HMACSHA512.HashData(key, input),
            "none" => [],
            _ => HMACSHA256.HashData(key, input),
        };
        return header + "." + payload + "." + Base64Url.EncodeToString(signature);
    }

    public static object Claims(DateTimeOffset issuedAt, string audience = Audience) => new
    {
        aud = audience,
        exp = issuedAt.AddMinutes(10).ToUnixTimeSeconds(),
        iat = issuedAt.ToUnixTimeSeconds(),
        iss = "api.httpsms.com",
        nbf = issuedAt.AddMinutes(-10).ToUnixTimeSeconds(),
        sub = "WB7DRDWrJZRGbYrv2CKGkqbzvqdC",
    };

    public static string Segment(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    /// <summary>A CloudEvents 1.0 envelope the way httpSMS's Go SDK serialises it.</summary>
    public static string Event(string type, object data) => JsonSerializer.Serialize(new
    {
        specversion = "1.0",
        id = "a4d6b4f3-9d2c-4c38-8a5e-0f0e1c2b3a41",
        source = "/v1/messages/send",
        type,
        datacontenttype = "application/json",
        time = "2026-11-24T10:00:01.123456Z",
        data,
    });
}

public sealed class HttpSmsFormatTests
{
    // A new instance per test: each binds its tokens to the first body it sees.
    private readonly HttpSmsFormat Format = new();
    private const string SigningKey = "whsec_httpsms-signing-key-0123456789";
    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expiry = IssuedAt.AddMinutes(10);
    private static readonly DateTimeOffset NotBefore = IssuedAt.AddMinutes(-10);

    private static readonly string ReceivedBody = HttpSmsToken.Event("message.phone.received", new
    {
        message_id = "0f6d1a6e-5d0c-4a7e-9b8f-3c2e1d0a9b8c",
        user_id = "WB7DRDWrJZRGbYrv2CKGkqbzvqdC",
        owner = "+18005550199",
        contact = "+15551234567",
        timestamp = "2026-11-24T11:59:58.5+02:00",
        content = "price",
        sim = "SIM2",
    });

    private static SigningKey[] Keys => [Key(SigningKey)];

    private static GatewayRequest Signed(string body, string token, string publicUrl = HttpSmsToken.Audience) =>
        GatewayRequest.From(Utf8(body), [KeyValuePair.Create("authorization", "Bearer " + token)], publicUrl);

    private static GatewayRequest Signed(string body) => Signed(body, HttpSmsToken.Create(SigningKey, IssuedAt));

    private static GatewayRequest Variant(string body, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(body)!.AsObject();
        edit(root);
        return Signed(root.ToJsonString());
    }

    private static string StatusBody(string type, string idField = "id", string? errorMessage = null) =>
        HttpSmsToken.Event(type, new Dictionary<string, object?>
        {
            [idField] = "32343a19-da5e-4b1b-a767-3298a73703cb",
            ["owner"] = "+18005550199",
            ["contact"] = "+15551234567",
            ["request_id"] = "out_01jdz3k8m2q7r5t9v4w6x8y0za",
            ["user_id"] = "WB7DRDWrJZRGbYrv2CKGkqbzvqdC",
            ["timestamp"] = "2026-11-24T10:00:00.25Z",
            ["content"] = "Prices: $5",
            ["sim"] = "SIM1",
            ["error_message"] = errorMessage,
        });

    [Fact]
    public void Verify_ValidToken_Accepted()
    {
        Assert.True(Format.Verify(Signed(ReceivedBody), Keys, IssuedAt));
    }

    [Fact]
    public void Verify_AudienceNamesAnotherEndpoint_Refused()
    {
        var token = HttpSmsToken.Create(SigningKey, IssuedAt, audience: "https://portal.example.com/hooks/sms/ep_other");

        Assert.False(Format.Verify(Signed(ReceivedBody, token), Keys, IssuedAt));
    }

    [Fact]
    public void Verify_AudienceOnAnotherHostSamePath_Accepted()
    {
        var token = HttpSmsToken.Create(SigningKey, IssuedAt, audience: "https://proxy.example.net/hooks/sms/ep_01/");

        Assert.True(Format.Verify(Signed(ReceivedBody, token), Keys, IssuedAt));
    }

    [Fact]
    public void Verify_SameTokenWithAnotherBody_Refused()
    {
        var token = HttpSmsToken.Create(SigningKey, IssuedAt);
        var forged = ReceivedBody.Replace("\"price\"", "\"send me the codes\"", StringComparison.Ordinal);

        Assert.True(Format.Verify(Signed(ReceivedBody, token), Keys, IssuedAt));
        Assert.True(Format.Verify(Signed(ReceivedBody, token), Keys, IssuedAt), "a retry of the same body is fine");
        Assert.False(Format.Verify(Signed(forged, token), Keys, IssuedAt));
    }

    [Fact]
    public void Verify_WholeValidityWindowPlusLeeway_Accepted()
    {
        Assert.True(Format.Verify(Signed(ReceivedBody), Keys, NotBefore.AddSeconds(-60)));
        Assert.True(Format.Verify(Signed(ReceivedBody), Keys, Expiry.AddSeconds(60)));
    }

    [Fact]
    public void Verify_Expired61SecondsPastExp_Refused()
    {
        Assert.False(Format.Verify(Signed(ReceivedBody), Keys, Expiry.AddSeconds(61)));
    }

    [Fact]
    public void Verify_NotYetValid_Refused()
    {
        Assert.False(Format.Verify(Signed(ReceivedBody), Keys, NotBefore.AddSeconds(-61)));
    }

    [Fact]
    public void Verify_NoExpClaim_Refused()
    {
        var token = HttpSmsToken.Create(SigningKey, IssuedAt, claims: new { iss = "api.httpsms.com", iat = IssuedAt.ToUnixTimeSeconds() });

        Assert.False(Format.Verify(Signed(ReceivedBody, token), Keys, IssuedAt));
    }

    [Fact]
    public void Verify_WrongKey_Refused()
    {
        Assert.False(Format.Verify(Signed(ReceivedBody), [Key(SigningSecrets.Generate())], IssuedAt));
    }

    [Fact]
    public void Verify_CurrentAndRotatedOutKeys_EveryValidKeyTried()
    {
        Assert.True(Format.Verify(Signed(ReceivedBody), [Key(SigningSecrets.Generate()), Key(SigningKey, IssuedAt.AddSeconds(1))], IssuedAt));
        Assert.False(Format.Verify(Signed(ReceivedBody), [Key(SigningSecrets.Generate()), Key(SigningKey, IssuedAt)], IssuedAt));
    }

    [Fact]
    public void Verify_TamperedClaims_Refused()
    {
        // Push exp out by a day and keep the original signature.
        var parts = HttpSmsToken.Create(SigningKey, IssuedAt).Split('.');
        var later = HttpSmsToken.Segment(HttpSmsToken.Claims(IssuedAt.AddDays(1)));

        Assert.False(Format.Verify(Signed(ReceivedBody, $"{parts[0]}.{later}.{parts[2]}"), Keys, IssuedAt.AddDays(1)));
    }

    [Fact]
    public void Verify_TamperedSignature_Refused()
    {
        var token = HttpSmsToken.Create(SigningKey, IssuedAt);
        var parts = token.Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[0] ^= 0x01;

        Assert.False(Format.Verify(Signed(ReceivedBody, $"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}"), Keys, IssuedAt));
    }

    [Fact]
    public void Verify_AlgNone_Refused()
    {
        var unsigned = HttpSmsToken.Create(SigningKey, IssuedAt, alg: "none");
        // alg "none" with a correct HMAC-SHA256 over its own header and claims is refused too: the header must say HS256.
        var input = unsigned[..^1];
        var withSignature = unsigned + Base64Url.EncodeToString(HMACSHA256.HashData(Utf8(SigningKey), Encoding.ASCII.GetBytes(input)));

        Assert.False(Format.Verify(Signed(ReceivedBody, unsigned), Keys, IssuedAt));
        Assert.False(Format.Verify(Signed(ReceivedBody, withSignature), Keys, IssuedAt));
    }

    [Fact]
    public void Verify_Hs512_Refused()
    {
        Assert.False(Format.Verify(Signed(ReceivedBody, HttpSmsToken.Create(SigningKey, IssuedAt, alg: "HS512")), Keys, IssuedAt));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("basic")]
    [InlineData("empty-bearer")]
    [InlineData("two-segments")]
    [InlineData("four-segments")]
    [InlineData("padded-signature")]
    [InlineData("non-base64url")]
    [InlineData("header-not-json")]
    [InlineData("claims-not-json")]
    [InlineData("one-character-segments")]
    [InlineData("signature-of-43-invalid-characters")]
    [InlineData("alg-lone-surrogate")]
    [InlineData("aud-lone-surrogate")]
    public void Verify_MalformedToken_RefusedWithoutThrowing(string scenario)
    {
        var token = HttpSmsToken.Create(SigningKey, IssuedAt);
        var parts = token.Split('.');
        var garbage = Base64Url.EncodeToString("not json"u8);
        var loneAlg = Base64Url.EncodeToString("""{"alg":"\ud800","typ":"JWT"}"""u8);
        var loneAud = Base64Url.EncodeToString(Utf8(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace(HttpSmsToken.Audience, "\\ud800")));
        var headers = scenario switch
        {
            "missing" => [],
            "basic" => [("Authorization", "Basic " + token)],
            "empty-bearer" => [("Authorization", "Bearer ")],
            "two-segments" => [("Authorization", $"Bearer {parts[0]}.{parts[1]}")],
            "four-segments" => [("Authorization", $"Bearer {token}.{parts[2]}")],
            "padded-signature" => [("Authorization", $"Bearer {token}=")],
            "non-base64url" => [("Authorization", $"Bearer {parts[0]}.{parts[1]}.{Convert.ToBase64String(Base64Url.DecodeFromChars(parts[2]))}")],
            "header-not-json" => [("Authorization", $"Bearer {garbage}.{parts[1]}.{parts[2]}")],
            "one-character-segments" => [("Authorization", "Bearer a.b.c")],
            "signature-of-43-invalid-characters" => [("Authorization", $"Bearer {parts[0]}.{parts[1]}.{new string('*', 43)}")],
            "alg-lone-surrogate" => [("Authorization", $"Bearer {loneAlg}.{parts[1]}.{parts[2]}")],
            "aud-lone-surrogate" => [("Authorization", $"Bearer {Resigned(parts[0], loneAud)}")],
            _ => new[] { ("Authorization", $"Bearer {parts[0]}.{garbage}.{parts[2]}") },
        };

        Assert.False(Format.Verify(Request(Utf8(ReceivedBody), headers), Keys, IssuedAt));
    }

    [Fact]
    public void Verify_BodyNotCoveredByToken_AnyBodyAcceptedWhileTokenValid()
    {
        // httpSMS's JWT has no body hash: this pins the documented limitation (HTTPS is what protects the body).
        var token = HttpSmsToken.Create(SigningKey, IssuedAt);

        Assert.True(Format.Verify(Signed(StatusBody("message.phone.delivered"), token), Keys, IssuedAt));
    }

    /// <summary>A token over <paramref name="header"/> and <paramref name="claims"/> (base64url segments) with a correct signature.</summary>
    private static string Resigned(string header, string claims) =>
        $"{header}.{claims}.{Base64Url.EncodeToString(HMACSHA256.HashData(Utf8(SigningKey), Encoding.ASCII.GetBytes(header + "." + claims)))}";

    [Fact]
    public void Parse_SimAnEscapedLoneSurrogate_UnknownSimNotAFailure()
    {
        var body = ReceivedBody.Replace("\"SIM2\"", "\"\\ud800\"");

        var sms = Is<InboundSms>(Format.Parse(Signed(body), IssuedAt));

        Assert.Null(sms.SimSlot);
    }

    [Fact]
    public void Parse_Received_MapsFields()
    {
        var sms = Is<InboundSms>(Format.Parse(Signed(ReceivedBody), IssuedAt));

        Assert.Equal("0f6d1a6e-5d0c-4a7e-9b8f-3c2e1d0a9b8c", sms.ExternalId);
        Assert.Equal("+15551234567", sms.From);
        Assert.Equal("+18005550199", sms.To);
        Assert.Equal("price", sms.Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 59, 58, 500, TimeSpan.Zero), sms.ReceivedAt);
        Assert.Equal(TimeSpan.Zero, sms.ReceivedAt.Offset);
        Assert.Null(sms.DeviceId);
        Assert.Equal(2, sms.SimSlot);
    }

    [Fact]
    public void Parse_ReceivedWithLegacyIdField_UsesIt()
    {
        var sms = Is<InboundSms>(Format.Parse(Variant(ReceivedBody, root =>
        {
            var data = root["data"]!.AsObject();
            data.Remove("message_id");
            data["id"] = "legacy-id-1";
        }), IssuedAt));

        Assert.Equal("legacy-id-1", sms.ExternalId);
    }

    [Theory]
    [InlineData("message_id")]
    [InlineData("contact")]
    [InlineData("owner")]
    [InlineData("content")]
    [InlineData("timestamp")]
    public void Parse_ReceivedMissingField_FailsNamingIt(string field)
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(ReceivedBody, root => root["data"]!.AsObject().Remove(field)), IssuedAt));

        Assert.Equal("data." + field, failure.Field);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("data")]
    public void Parse_EnvelopeMissingField_FailsNamingIt(string field)
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(ReceivedBody, root => root.Remove(field)), IssuedAt));

        Assert.Equal(field, failure.Field);
    }

    [Theory]
    [InlineData("message.phone.sent", ReportedStatus.Sent)]
    [InlineData("message.phone.delivered", ReportedStatus.Delivered)]
    public void Parse_SentAndDelivered_StatusUpdatesKeyedByHttpSmsId(string type, ReportedStatus expected)
    {
        var update = Report(Format.Parse(Signed(StatusBody(type)), IssuedAt));

        Assert.Equal("32343a19-da5e-4b1b-a767-3298a73703cb", update.GatewayMessageId);
        Assert.Equal("out_01jdz3k8m2q7r5t9v4w6x8y0za", update.OutboundId);
        Assert.Equal(expected, update.Status);
        Assert.Equal("+15551234567", update.Recipient);
        Assert.Null(update.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, 250, TimeSpan.Zero), update.OccurredAt);
    }

    [Fact]
    public void Parse_SendFailed_FailedWithErrorMessage()
    {
        var update = Report(Format.Parse(Signed(StatusBody("message.send.failed", errorMessage: "RESULT_ERROR_GENERIC_FAILURE")), IssuedAt));

        Assert.Equal("32343a19-da5e-4b1b-a767-3298a73703cb", update.GatewayMessageId);
        Assert.Equal(ReportedStatus.Failed, update.Status);
        Assert.Equal("RESULT_ERROR_GENERIC_FAILURE", update.Reason);
    }

    [Fact]
    public void Parse_SendExpired_FailedKeyedByMessageIdWithReason()
    {
        var update = Report(Format.Parse(Signed(StatusBody("message.send.expired", idField: "message_id")), IssuedAt));

        Assert.Equal("32343a19-da5e-4b1b-a767-3298a73703cb", update.GatewayMessageId);
        Assert.Equal(ReportedStatus.Failed, update.Status);
        Assert.Contains("expired", update.Reason);
    }

    [Theory]
    [InlineData("message.phone.sent")]
    [InlineData("message.send.failed")]
    public void Parse_StatusWithoutId_FailsNamingDataId(string type)
    {
        var failure = Is<ParseFailure>(Format.Parse(Variant(StatusBody(type), root => root["data"]!.AsObject().Remove("id")), IssuedAt));

        Assert.Equal("data.id", failure.Field);
    }

    [Theory]
    [InlineData("message.phone.sending")]
    [InlineData("phone.heartbeat.offline")]
    [InlineData("webhook.send.failed")]
    public void Parse_OtherEvents_Ignored(string type)
    {
        var ignored = Is<IgnoredEvent>(Format.Parse(Signed(StatusBody(type)), IssuedAt));

        Assert.Equal(type, ignored.EventType);
    }

    [Fact]
    public void Parse_NotJson_FailsWithoutField()
    {
        var failure = Is<ParseFailure>(Format.Parse(Signed("not json"), IssuedAt));

        Assert.Null(failure.Field);
    }
}

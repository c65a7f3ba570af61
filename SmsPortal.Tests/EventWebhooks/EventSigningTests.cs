using SmsPortal.EventWebhooks;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EventWebhooks;

/// <summary>Our signer against the Standard Webhooks vectors (the spec's own among them) and the Standard Webhooks library.</summary>
public sealed class EventSigningTests
{
    public static TheoryData<int> VectorIndexes => new(Enumerable.Range(0, Vectors.Get("standard_webhooks").GetArrayLength()));

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Sign_SpecVector_SameSignature(int index)
    {
        var vector = Vectors.Get("standard_webhooks")[index];

        var signature = EventSigning.Sign(vector.GetProperty("id").GetString()!, long.Parse(vector.GetProperty("timestamp").GetString()!),
            vector.GetProperty("body").GetString()!, [vector.GetProperty("secret").GetString()!]);

        Assert.Equal(vector.GetProperty("webhook-signature").GetString(), signature);
    }

    [Fact]
    public void Sign_TwoSecretsDuringGrace_OneSignaturePerSecret_LibraryVerifiesTheCurrent()
    {
        var (current, previous) = (EventSigning.NewSecret(), EventSigning.NewSecret());
        var now = DateTimeOffset.UtcNow;
        var body = """{"type":"message.received","data":{"text":"hi"}}""";
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary
        {
            ["webhook-id"] = "evt_1",
            ["webhook-timestamp"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = EventSigning.Sign("evt_1", now.ToUnixTimeSeconds(), body, [current, previous]),
        };

        var single = new Microsoft.AspNetCore.Http.HeaderDictionary(headers.ToDictionary(h => h.Key, h => h.Value))
        {
            ["webhook-signature"] = EventSigning.Sign("evt_1", now.ToUnixTimeSeconds(), body, [current]),
        };
        new StandardWebhooks.StandardWebhook(current).Verify(body, single);
        new StandardWebhooks.StandardWebhook(current).Verify(body, headers);
        // The spec lets a receiver match any entry; StandardWebhooks 1.1.2 for .NET checks only the first, so the
        // previous secret's signature is checked here as the spec's other libraries match it.
        Assert.Equal(EventSigning.Sign("evt_1", now.ToUnixTimeSeconds(), body, [previous]), headers["webhook-signature"].ToString().Split(' ')[1]);
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => new StandardWebhooks.StandardWebhook(EventSigning.NewSecret()).Verify(body, headers));
    }
}

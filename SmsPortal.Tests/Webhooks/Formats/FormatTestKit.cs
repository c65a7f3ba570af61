using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Webhooks.Formats;

namespace SmsPortal.Tests.Webhooks.Formats;

/// <summary>Small builders shared by the format tests; every value still comes from vectors.json.</summary>
internal static class FormatTestKit
{
    public static SigningKey Key(string secret, DateTimeOffset? expiresAt = null) => new(Encoding.UTF8.GetBytes(secret), expiresAt);

    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static GatewayRequest Request(byte[] body, params (string Name, string Value)[] headers) =>
        GatewayRequest.From(body, headers.Select(h => KeyValuePair.Create(h.Name, h.Value)));

    /// <summary>
    /// A clock fixed at a vector's Unix timestamp moved by <paramref name="offsetSeconds"/>. A fake clock only moves
    /// forward, so a negative offset starts it earlier instead.
    /// </summary>
    public static DateTimeOffset ClockAt(string unixSeconds, int offsetSeconds = 0)
    {
        var stamp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(unixSeconds, System.Globalization.CultureInfo.InvariantCulture));
        var time = new FakeTimeProvider(offsetSeconds < 0 ? stamp.AddSeconds(offsetSeconds) : stamp);
        if (offsetSeconds > 0)
        {
            time.Advance(TimeSpan.FromSeconds(offsetSeconds));
        }
        return time.GetUtcNow();
    }

    /// <summary>Flips one byte in the middle: the smallest tamper there is.</summary>
    public static byte[] Tampered(byte[] body)
    {
        var copy = (byte[])body.Clone();
        copy[copy.Length / 2] ^= 0x01;
        return copy;
    }

    public static T Is<T>(GatewayEvent parsed) where T : GatewayEvent => Assert.IsType<T>(parsed);

    /// <summary>The delivery report a status event carries.</summary>
    public static DeliveryReport Report(GatewayEvent parsed) => Assert.IsType<StatusUpdate>(parsed).Report;
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace SmsPortal.EventWebhooks;

/// <summary>
/// Standard Webhooks signatures (standardwebhooks.com): HMAC-SHA256 keyed with the base64 part of a <c>whsec_</c>
/// secret over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as <c>v1,&lt;base64&gt;</c>; during a rotation's grace
/// period one signature per valid secret, space-separated, so receivers holding either secret verify it.
/// </summary>
public sealed class EventSigning(IDataProtectionProvider dataProtection)
{
    public const string Prefix = "whsec_";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("SmsPortal.EventWebhooks.Secret.v1");

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);

    public static string Sign(string id, long timestamp, string body, IEnumerable<string> secrets) =>
        string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(
            HMACSHA256.HashData(Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret),
                Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")))));
}

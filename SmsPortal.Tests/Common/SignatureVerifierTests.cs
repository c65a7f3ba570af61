using System.Text;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Common;

public sealed class SignatureVerifierTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Verify_NativeVectors_MatchExpectations()
    {
        foreach (var vector in Vectors.Native)
        {
            var key = new SigningKey(Encoding.UTF8.GetBytes(vector.GetProperty("secret").GetString()!), null);
            var body = Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!);
            var shouldVerify = !vector.TryGetProperty("expect", out var expect) || expect.GetString() != "401";

            var verified = SignatureVerifier.Verify(body, vector.GetProperty("X-Signature").GetString(), [key], Now);

            Assert.Equal(shouldVerify, verified);
        }
    }

    [Fact]
    public void Verify_GitHubStyleReference_PrefixedSignatureVerifies()
    {
        var vector = Vectors.Get("github_style_reference");
        var key = new SigningKey(Encoding.UTF8.GetBytes(vector.GetProperty("secret").GetString()!), null);

        Assert.True(SignatureVerifier.Verify(Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!), vector.GetProperty("signature").GetString(), [key], Now));
    }

    [Fact]
    public void Verify_ExpiredKey_Ignored()
    {
        var secret = Encoding.UTF8.GetBytes(SigningSecrets.Generate());
        var body = "{}"u8.ToArray();
        var signature = SignatureVerifier.Sign(body, secret);

        Assert.True(SignatureVerifier.Verify(body, signature, [new SigningKey(secret, Now.AddSeconds(1))], Now));
        Assert.False(SignatureVerifier.Verify(body, signature, [new SigningKey(secret, Now)], Now));
    }

    [Fact]
    public void Verify_SecretWithoutPrefixAsKey_Refused()
    {
        var vector = Vectors.Native.First();
        var secret = vector.GetProperty("secret").GetString()!["whsec_".Length..];

        Assert.False(SignatureVerifier.Verify(Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!),
            vector.GetProperty("X-Signature").GetString(), [new SigningKey(Encoding.UTF8.GetBytes(secret), null)], Now));
    }

    [Fact]
    public void NewMessageId_ManyInARow_StrictlyIncreasing()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => OpaqueId.NewMessageId(TimeProvider.System)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}

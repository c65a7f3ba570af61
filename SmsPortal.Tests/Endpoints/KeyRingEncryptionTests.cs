using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Endpoints;

public sealed class KeyRingEncryptionTests : IDisposable
{
    private readonly string _directory = TestApp.NewDataDirectory();

    public void Dispose() => TestApp.TryDelete(_directory);

    [Fact]
    public async Task KeyRing_WithCertificateConfigured_StoredEncrypted()
    {
        var certificatePath = Path.Combine(_directory, "keyring.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=SmsPortal key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificatePath, certificate.Export(X509ContentType.Pfx, "pfx-pass"));
        }
        await using var app = new TestApp(_directory, new()
        {
            ["DataProtection:CertificatePath"] = certificatePath,
            ["DataProtection:CertificatePassword"] = "pfx-pass",
        });

        var endpoint = await app.CreateEndpointAsync();

        await using var db = app.CreateDbContext();
        var xml = (await db.DataProtectionKeys.SingleAsync()).Xml!;
        Assert.Contains("EncryptedXml", xml);
        Assert.DoesNotContain("<masterKey", xml);
        Assert.StartsWith("whsec_", endpoint.Secret);
    }

    [Fact]
    public async Task KeyRing_WithoutCertificate_StoredInDatabase()
    {
        await using var app = new TestApp(_directory);

        await app.CreateEndpointAsync();

        await using var db = app.CreateDbContext();
        Assert.Contains("<masterKey", (await db.DataProtectionKeys.SingleAsync()).Xml);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Endpoints;

public sealed class KeyRingEncryptionTests : IDisposable
{
    private readonly string _directory = PortalAppFactory.NewDataDirectory();

    public void Dispose() => PortalAppFactory.TryDelete(_directory);

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
        await using var app = new PortalAppFactory(_directory, new()
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
    public async Task KeyRing_ByDefault_EncryptedWithAnOwnerOnlyKeyFileBesideTheDatabase()
    {
        await using var app = new PortalAppFactory(_directory);

        await app.CreateEndpointAsync();

        await using var db = app.CreateDbContext();
        var xml = (await db.DataProtectionKeys.SingleAsync()).Xml!;
        Assert.DoesNotContain("<masterKey", xml);
        Assert.Contains(nameof(KeyFileXmlDecryptor), xml);
        var keyFile = Path.Combine(_directory, KeyRingKeyFile.DefaultFileName);
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public async Task DatabaseCopy_WithoutTheKeyFile_CannotDecryptAnEndpointSecret()
    {
        string protectedSecret;
        await using (var app = new PortalAppFactory(_directory))
        {
            var endpoint = await app.CreateEndpointAsync();
            await using var db = app.CreateDbContext();
            protectedSecret = (await db.EndpointSecrets.SingleAsync(s => s.EndpointId == endpoint.Id)).ProtectedValue;
            var vacuum = "VACUUM INTO '" + Path.Combine(_directory, "copy.db") + "'";
            await db.Database.ExecuteSqlRawAsync(vacuum);
        }
        var stolen = PortalAppFactory.NewDataDirectory();
        var restored = PortalAppFactory.NewDataDirectory();
        try
        {
            File.Copy(Path.Combine(_directory, "copy.db"), Path.Combine(stolen, "smsportal.db"));
            File.Copy(Path.Combine(_directory, "copy.db"), Path.Combine(restored, "smsportal.db"));
            File.Copy(Path.Combine(_directory, KeyRingKeyFile.DefaultFileName), Path.Combine(restored, KeyRingKeyFile.DefaultFileName));

            await using var thief = new PortalAppFactory(stolen);
            Assert.ThrowsAny<CryptographicException>(() => thief.Services.GetRequiredService<SigningSecrets>().Unprotect(protectedSecret));
            await using var backup = new PortalAppFactory(restored);
            Assert.StartsWith("whsec_", backup.Services.GetRequiredService<SigningSecrets>().Unprotect(protectedSecret));
        }
        finally
        {
            PortalAppFactory.TryDelete(stolen);
            PortalAppFactory.TryDelete(restored);
        }
    }
}

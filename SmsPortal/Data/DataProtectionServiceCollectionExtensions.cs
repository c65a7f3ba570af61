using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using SmsPortal.Data;

namespace Microsoft.Extensions.DependencyInjection;

public static class DataProtectionServiceCollectionExtensions
{
    /// <summary>
    /// The key ring that encrypts every secret at rest (signing secrets, gateway credentials). Keys live in the
    /// database so secrets stay readable across restarts, machines and containers; the key ring itself is encrypted
    /// with a key kept outside the database (a certificate if one is configured, else a key file in the data folder),
    /// so a copy of the database alone reveals nothing.
    /// </summary>
    public static IServiceCollection AddSmsPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("SmsPortal").PersistKeysToDbContext<AppDbContext>();
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["DataProtection:CertificatePassword"]);
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        else
        {
            services.AddSingleton(sp => new KeyRingKeyFile(KeyFilePath(configuration, sp)));
            services.AddOptions<KeyManagementOptions>().Configure<KeyRingKeyFile>((o, keyFile) => o.XmlEncryptor = new KeyFileXmlEncryptor(keyFile));
        }
        return services;
    }

    /// <summary><c>DataProtection:KeyFile</c>, else <c>keyring.key</c> in the data folder; relative to the content root.</summary>
    private static string KeyFilePath(IConfiguration configuration, IServiceProvider services)
    {
        var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return configuration["DataProtection:KeyFile"] is { Length: > 0 } keyFile
            ? Path.GetFullPath(keyFile, contentRoot)
            : Path.Combine(Path.GetFullPath(services.GetRequiredService<DatabaseOptions>().DataDirectory, contentRoot), KeyRingKeyFile.DefaultFileName);
    }
}

using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using SmsPortal.Data;

namespace Microsoft.Extensions.DependencyInjection;

public static class DataProtectionServiceCollectionExtensions
{
    /// <summary>
    /// The key ring that encrypts every secret at rest (signing secrets, gateway credentials). Keys live in the
    /// database so secrets stay readable across restarts, machines and containers; optionally the key ring itself
    /// is encrypted with a certificate kept outside the database, so a copy of the database alone reveals nothing.
    /// </summary>
    public static IServiceCollection AddSmsPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("SmsPortal").PersistKeysToDbContext<AppDbContext>();
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["DataProtection:CertificatePassword"]);
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        return services;
    }
}

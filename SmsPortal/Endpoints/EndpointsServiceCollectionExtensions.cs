using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

public static class EndpointsServiceCollectionExtensions
{
    /// <summary>Registered endpoints and their secrets, encrypted with Data Protection keys kept in the database.</summary>
    public static IServiceCollection AddEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        // Keys live in the database so secrets stay readable across restarts, machines and containers.
        var dataProtection = services.AddDataProtection().SetApplicationName("SmsPortal").PersistKeysToDbContext<AppDbContext>();

        // The key ring itself is encrypted with a key kept outside the database, so a copy of the database alone
        // does not reveal the secrets: a certificate if one is configured, else a key file in the data folder.
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["DataProtection:CertificatePassword"]);
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        else
        {
            services.AddSingleton(sp => new KeyRingKeyFile(configuration["DataProtection:KeyFile"] is { Length: > 0 } keyFile
                ? Path.GetFullPath(keyFile, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
                : Path.Combine(Path.GetFullPath(sp.GetRequiredService<DatabaseOptions>().DataDirectory, sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
                    KeyRingKeyFile.DefaultFileName)));
            services.AddOptions<KeyManagementOptions>().Configure<KeyRingKeyFile>((o, keyFile) => o.XmlEncryptor = new KeyFileXmlEncryptor(keyFile));
        }

        services.AddMemoryCache();
        services.AddSingleton<SigningSecrets>();
        services.AddSingleton<EndpointDirectory>();
        services.AddSingleton<EndpointService>();

        // The portal's endpoint tools: full hook URLs, test deliveries to our own hook, the delivery log.
        services.AddSingleton<HookUrls>();
        services.AddSingleton<TestDelivery>();
        services.AddSingleton<DeliveryLogQueries>();
        services.AddHttpClient(TestDelivery.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        return services;
    }
}

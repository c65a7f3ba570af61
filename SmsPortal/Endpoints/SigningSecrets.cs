using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SmsPortal.Endpoints;

/// <summary>Creates <c>whsec_</c> secrets and keeps them encrypted at rest with ASP.NET Data Protection.</summary>
public sealed class SigningSecrets(IDataProtectionProvider dataProtection)
{
    public const string Prefix = "whsec_";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("SmsPortal.Endpoints.SigningSecret.v1");

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}

namespace SmsPortal.Tests.Infrastructure;

/// <summary>The one password every test account is created with (it meets Identity's default rules).</summary>
internal static class TestUsers
{
    public const string Password = "Passw0rd!";
}

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// Settings every test host starts with, so the suite's many workspaces behave as before the security defaults:
/// open registration (tests register several users), the installation's gateway shared with every workspace, and
/// workspace URLs allowed to reach the loopback fakes, and rate limits far above what the suite sends from its one
/// address. Tests of the defaults override these.
/// </summary>
public static class TestHostDefaults
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Registration:Mode"] = "Open",
        ["Outbound:SharedGatewayFor"] = "All",
        ["Outbound:AllowedDestinations:0"] = "127.0.0.0/8",
        ["Outbound:AllowedDestinations:1"] = "::1",
        ["Outbound:AllowedDestinations:2"] = "localhost",
        ["RateLimits:AccountFormsPerMinute"] = "1000000",
        ["RateLimits:HookPerEndpointPerSecond"] = "1000000",
        ["RateLimits:HookPerAddressPerSecond"] = "1000000",
        ["RateLimits:SendsPerWorkspacePerMinute"] = "1000000",
    };
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Abuse;

/// <summary>
/// ASP.NET Core's rate limiter on the account forms and the hooks, the per-workspace send limit, and login failures
/// counted per account and address. The app runs behind a "proxy" on loopback, so tests choose the client's address
/// with X-Forwarded-For.
/// </summary>
public sealed class RateLimitTests
{
    private const string Attacker = "203.0.113.66";
    private const string OwnersAddress = "198.51.100.7";

    private static PortalAppFactory App(Dictionary<string, string?> limits)
    {
        limits["ReverseProxy:KnownProxies:0"] = "127.0.0.1";
        limits["ReverseProxy:KnownProxies:1"] = "::1";
        return new PortalAppFactory(settings: limits);
    }

    [Fact]
    public async Task Login_FiftyBadPasswordsFromOneAddress_429sAndTheOwnerStillSignsInFromAnother()
    {
        await using var app = App(new() { ["RateLimits:AccountFormsPerMinute"] = "10" });
        var owner = await app.CreateEndpointAsync();
        using var attacker = app.CreateHttpClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            using var response = await LoginAsync(attacker, owner.Email, "wrong-password", Attacker);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 says when to come back");
            }
        }
        using var ownerClient = app.CreateClient();
        using var signIn = await LoginAsync(ownerClient, owner.Email, PortalSignIn.Password, OwnersAddress);

        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 40, string.Join(",", statuses.Select(s => (int)s)));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.NotEqual("/Account/Login", signIn.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Login_NoProxyConfigured_ForwardedForIsIgnoredSoRotatingItDoesNotHelp()
    {
        await using var app = new PortalAppFactory(settings: new() { ["RateLimits:AccountFormsPerMinute"] = "3" });
        var owner = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await LoginAsync(client, owner.Email, "wrong", $"203.0.113.{i + 1}");
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Hooks_OverTheEndpointLimit_429ProblemJsonWithRetryAfter()
    {
        await using var app = App(new() { ["RateLimits:HookPerEndpointPerSecond"] = "5" });
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.PostAsync(endpoint, Deliveries.Body($"rl-{i}", "hello"))));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.All(limited, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task Send_OverTheWorkspaceLimit_RefusedWithAMessage()
    {
        await using var app = App(new() { ["RateLimits:SendsPerWorkspacePerMinute"] = "3" });
        var endpoint = await app.CreateEndpointAsync();
        var owner = await app.OwnerAsync(endpoint);
        var outbound = app.Services.GetRequiredService<OutboundService>();
        for (var i = 0; i < 3; i++)
        {
            await outbound.SendTestAsync(endpoint.WorkspaceId, owner, "+15551230000");
        }

        var error = await Assert.ThrowsAsync<UserInputException>(() => outbound.SendTestAsync(endpoint.WorkspaceId, owner, "+15551230000"));

        Assert.Contains("sent 3 messages in the last minute", error.Message);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string address) =>
        PortalForms.PostAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password },
            request => request.Headers.TryAddWithoutValidation("X-Forwarded-For", address));
}

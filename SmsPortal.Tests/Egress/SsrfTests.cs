using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Cluster;
using SmsPortal.Common;
using SmsPortal.Egress;
using SmsPortal.Outbound;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Egress;

/// <summary>
/// URLs a workspace user types (their gateway, a forward target) never reach loopback, private, link-local or
/// unspecified addresses: refused with a message when saved, and refused again when connecting (for a name that
/// changed what it resolves to, or a row written before the check). A loopback listener proves nothing arrived.
/// </summary>
public sealed class SsrfTests : IAsyncLifetime
{
    private const string RebindingName = "rebind.example.test";
    private const string PublicLookingName = "gateway.example.test";
    private readonly LoopbackTrap _trap = new();
    private LoopbackTrap _redirector = null!;
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _redirector = new LoopbackTrap(redirectTo: $"http://127.0.0.1:{_trap.Port}/admin");
        var names = new Dictionary<string, IPAddress[]>
        {
            [RebindingName] = [IPAddress.Loopback],
            // Stands for a public server: the operator allow-list lets it through, as a public address would be.
            [PublicLookingName] = [IPAddress.Loopback],
        };
        _app = new TestApp(settings: new()
        {
            // Replace the suite's loopback allowances: only the "public" redirector is reachable.
            ["Outbound:AllowedDestinations:0"] = PublicLookingName,
            ["Outbound:AllowedDestinations:1"] = "",
            ["Outbound:AllowedDestinations:2"] = "",
        }, configureServices: services => services.AddSingleton<HostResolver>(new FakeResolver(names)));
        _app.CreateHttpClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _trap.DisposeAsync();
        await _redirector.DisposeAsync();
    }

    private IEnumerable<string> InwardUrls() =>
    [
        $"http://127.0.0.1:{_trap.Port}/admin",
        $"http://localhost:{_trap.Port}/admin",
        $"http://[::1]:{_trap.Port}/admin",
        $"http://[::ffff:127.0.0.1]:{_trap.Port}/admin",
        $"http://10.0.0.5:{_trap.Port}/admin",
        $"http://172.16.0.5:{_trap.Port}/admin",
        $"http://192.168.1.5:{_trap.Port}/admin",
        "http://169.254.169.254/latest/meta-data",
        $"http://0.0.0.0:{_trap.Port}/admin",
        $"http://{RebindingName}:{_trap.Port}/admin",
    ];

    [Fact]
    public async Task SaveGateway_InwardUrl_RefusedWithAMessageNothingSaved()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var gateways = _app.Services.GetRequiredService<GatewaySettingsService>();
        var owner = await _app.OwnerAsync(endpoint);

        foreach (var url in InwardUrls())
        {
            var error = await Assert.ThrowsAsync<UserInputException>(() => gateways.SaveAsync(endpoint.WorkspaceId, owner,
                new GatewaySettingsInput(GatewayType.Generic, url, null, null, null, null, null, null, "key-123", null, null)));
            Assert.Contains("only public addresses can be reached", error.Message);
        }

        Assert.True((await gateways.GetAsync(endpoint.WorkspaceId)).UsesInstallationGateway);
        Assert.Equal(0, _trap.Connections);
    }

    [Fact]
    public async Task SaveGateway_PathSwallowedByFragmentOrQuery_Refused()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var gateways = _app.Services.GetRequiredService<GatewaySettingsService>();
        var owner = await _app.OwnerAsync(endpoint);

        var error = await Assert.ThrowsAsync<UserInputException>(() => gateways.SaveAsync(endpoint.WorkspaceId, owner,
            new GatewaySettingsInput(GatewayType.Generic, $"http://{PublicLookingName}:{_redirector.Port}/admin/x#", null, null, null, null, null, null, "k", null, null)));

        Assert.Contains("must not contain a query (?), a fragment (#)", error.Message);
    }

    [Fact]
    public async Task TestSms_GatewayRowPointingInward_FailsWithOurMessageAndNothingReachesLoopback()
    {
        var urls = InwardUrls().Append($"http://{PublicLookingName}:{_redirector.Port}/").ToList();
        var sent = new List<(string Url, OutboundMessage Message)>();
        foreach (var url in urls)
        {
            var endpoint = await _app.CreateEndpointAsync();
            await using (var db = _app.CreateDbContext())
            {
                // As if saved (on another node) before the name resolved inward: only the connect-time check stands in the way.
                db.WorkspaceGateways.Add(new WorkspaceGateway { WorkspaceId = endpoint.WorkspaceId, Type = GatewayType.Generic, BaseUrl = url, UpdatedAt = DateTimeOffset.UtcNow });
                db.ChangeNotices.Add(new ChangeNotice { Kind = ClusterChanges.Gateway, Key = endpoint.WorkspaceId.ToString(), Origin = "another-node", At = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }
            var message = await _app.Services.GetRequiredService<OutboundService>().SendTestAsync(endpoint.WorkspaceId, await _app.OwnerAsync(endpoint), "+15551230000");
            sent.Add((url, message));
        }

        List<OutboundMessage> settled = [];
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _app.CreateDbContext();
            var ids = sent.Select(s => s.Message.Id).ToList();
            settled = await db.OutboundMessages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync();
            return settled.All(m => m.Status == OutboundStatus.Failed);
        }, "every test SMS fails for good", timeoutSeconds: 30);

        Assert.Equal(0, _trap.Connections);
        foreach (var (url, message) in sent)
        {
            var reason = settled.Single(m => m.Id == message.Id).FailureReason!;
            Assert.DoesNotContain("internal-admin-page", reason);
            Assert.Contains(url.Contains(PublicLookingName) ? "redirect, which is not followed" : "only public addresses can be reached", reason);
        }
        Assert.True(_redirector.Connections >= 1, "the public-looking gateway was called; its redirect was not followed");
    }

    [Fact]
    public async Task InstallationGateway_OnLoopbackWithNothingAllowed_TrustedAndReached()
    {
        await using var gateway = await FakeGateway.StartAsync();
        await using var app = new TestApp(settings: new()
        {
            ["Outbound:AllowedDestinations:0"] = "",
            ["Outbound:AllowedDestinations:1"] = "",
            ["Outbound:AllowedDestinations:2"] = "",
            ["Gateway:Type"] = "Generic",
            ["Gateway:BaseUrl"] = gateway.Url,
        });
        var endpoint = await app.CreateEndpointAsync();

        await app.Services.GetRequiredService<OutboundService>().SendTestAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), "+15551230000");

        await gateway.WaitForAsync(g => g.Accepted.Count == 1, "the operator's gateway in appsettings.json is called without the workspace checks");
    }

    [Fact]
    public async Task SaveRule_ForwardToInwardUrl_RefusedAtTheUrlField()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var rules = _app.Services.GetRequiredService<RuleService>();

        foreach (var url in InwardUrls())
        {
            var rule = TestRules.Rule("fwd", [TestRules.FirstWord("hi")], new ForwardToUrlAction(url));
            var error = await Assert.ThrowsAsync<RuleCompilationException>(() => rules.SaveAsync(endpoint.WorkspaceId, rule, SmsPortal.Audit.Actor.Cli()));
            Assert.Equal("actions[0].url", Assert.Single(error.Errors).Field);
        }
        Assert.Empty(await rules.ListAsync(endpoint.WorkspaceId));
    }

    [Fact]
    public async Task Forward_QueuedToInwardUrl_FailsWithOurMessageAndNothingReachesLoopback()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var urls = InwardUrls().Append($"http://{PublicLookingName}:{_redirector.Port}/").ToList();
        await using (var db = _app.CreateDbContext())
        {
            db.ForwardDeliveries.AddRange(urls.Select((url, i) => new ForwardDelivery
            {
                Id = $"fwd_ssrf_{i}", WorkspaceId = endpoint.WorkspaceId, MessageId = "msg_x", RuleId = "fwd", Url = url, Payload = "{}", CreatedAt = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
        }
        _app.Services.GetRequiredService<OutboxSignals>().Forward.Notify();

        List<ForwardDelivery> settled = [];
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _app.CreateDbContext();
            settled = await db.ForwardDeliveries.AsNoTracking().Where(f => f.WorkspaceId == endpoint.WorkspaceId).ToListAsync();
            return settled.All(f => f.Status == OutboundStatus.Failed);
        }, "every forward fails for good", timeoutSeconds: 30);

        Assert.Equal(0, _trap.Connections);
        Assert.All(settled, f => Assert.Contains(f.Url.Contains(PublicLookingName) ? "redirect, which is not followed" : "only public addresses can be reached", f.FailureReason));
    }
}

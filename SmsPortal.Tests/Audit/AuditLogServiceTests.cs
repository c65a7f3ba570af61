using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Audit;

public sealed class AuditLogServiceTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Alice = "alice@example.test";
    private const string Bob = "bob@example.test";
    private readonly PortalAppFactory _app = fixture.App;
    private AuditLogService AuditLog => _app.Services.GetRequiredService<AuditLogService>();
    private EndpointService Endpoints => _app.Services.GetRequiredService<EndpointService>();

    [Fact]
    public async Task List_EndpointChanges_NewestFirstWithActorAndTarget()
    {
        var endpoint = await _app.CreateEndpointAsync();
        await Endpoints.RevealSecretAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, Alice), endpoint.Id);
        await Endpoints.SetEnabledAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, Bob), endpoint.Id, false);

        var page = await AuditLog.ListAsync(endpoint.WorkspaceId, new AuditLogFilter(), 0, 10);

        Assert.Equal(3, page.TotalCount);
        Assert.Equal([AuditActions.EndpointDisabled, AuditActions.EndpointSecretRevealed, AuditActions.EndpointCreated], page.Items.Select(a => a.Action));
        Assert.Equal(["bob@example.test", "alice@example.test", "cli"], page.Items.Select(a => a.Actor));
        Assert.All(page.Items, a => Assert.Equal(endpoint.Id, a.Target));
    }

    [Fact]
    public async Task List_AnotherWorkspace_SeesNoneOfTheseEntries()
    {
        var mine = await _app.CreateEndpointAsync();
        var theirs = await _app.CreateEndpointAsync();
        await Endpoints.RevealSecretAsync(theirs.WorkspaceId, await _app.MemberAsync(theirs.WorkspaceId, Bob), theirs.Id);

        var page = await AuditLog.ListAsync(mine.WorkspaceId, new AuditLogFilter(), 0, 50);
        var actions = await AuditLog.ActionsAsync(mine.WorkspaceId);

        Assert.All(page.Items, a => Assert.Equal(mine.Id, a.Target));
        Assert.DoesNotContain(page.Items, a => a.Actor == Bob);
        Assert.Equal([AuditActions.EndpointCreated], actions);
    }

    [Fact]
    public async Task List_FilterByActionAndActor_KeepsOnlyMatches()
    {
        var endpoint = await _app.CreateEndpointAsync();
        await Endpoints.RevealSecretAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, Alice), endpoint.Id);
        await Endpoints.RevealSecretAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, Bob), endpoint.Id);
        await Endpoints.RotateAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, Alice), endpoint.Id, TimeSpan.FromHours(1));

        var reveals = await AuditLog.ListAsync(endpoint.WorkspaceId, new AuditLogFilter(Action: AuditActions.EndpointSecretRevealed), 0, 10);
        var byAlice = await AuditLog.ListAsync(endpoint.WorkspaceId, new AuditLogFilter(Actor: "alice"), 0, 10);
        var both = await AuditLog.ListAsync(endpoint.WorkspaceId, new AuditLogFilter(AuditActions.EndpointSecretRevealed, "bob"), 0, 10);

        Assert.Equal(2, reveals.TotalCount);
        Assert.Equal([AuditActions.EndpointSecretRotated, AuditActions.EndpointSecretRevealed], byAlice.Items.Select(a => a.Action));
        Assert.Equal("bob@example.test", Assert.Single(both.Items).Actor);
    }

    [Fact]
    public async Task List_Paging_SecondPageHoldsTheOlderEntries()
    {
        var endpoint = await _app.CreateEndpointAsync();
        for (var i = 0; i < 4; i++)
        {
            await Endpoints.RevealSecretAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, Alice), endpoint.Id);
        }

        var first = await AuditLog.ListAsync(endpoint.WorkspaceId, new AuditLogFilter(), 0, 3);
        var second = await AuditLog.ListAsync(endpoint.WorkspaceId, new AuditLogFilter(), 1, 3);

        Assert.Equal(5, first.TotalCount);
        Assert.Equal(3, first.Items.Count);
        Assert.Equal(2, second.Items.Count);
        Assert.Equal(AuditActions.EndpointCreated, second.Items[^1].Action);
        Assert.True(first.Items[^1].Id > second.Items[0].Id);
    }
}

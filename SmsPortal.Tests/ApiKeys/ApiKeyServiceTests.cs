using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.ApiKeys;
using SmsPortal.Common;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.ApiKeys;

/// <summary>Creating, rescoping and revoking keys: Owners and Admins only (checked in the database), every change audited.</summary>
public sealed class ApiKeyServiceTests(TestApp app) : IClassFixture<TestApp>
{
    private ApiKeyService Keys => app.Services.GetRequiredService<ApiKeyService>();

    [Fact]
    public async Task CreateRescopeRevoke_EachAuditedWithoutTheKey()
    {
        var endpoint = await app.CreateEndpointAsync();
        var admin = await app.MemberAsync(endpoint.WorkspaceId, "Ada");

        var created = await Keys.CreateAsync(endpoint.WorkspaceId, admin, "CRM", ["messages:send, messages:read"]);
        await Keys.SetScopesAsync(endpoint.WorkspaceId, admin, created.Summary.Id, [ApiScopes.ContactsRead]);
        await Keys.RevokeAsync(endpoint.WorkspaceId, admin, created.Summary.Id);

        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.Where(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action.StartsWith("api_key.")).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([ApiKeyAuditActions.Created, ApiKeyAuditActions.ScopesChanged, ApiKeyAuditActions.Revoked], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("Ada", created.Summary.Prefix), (a.Actor, a.Target)));
        Assert.Equal("messages:read messages:send -> contacts:read", audit[1].Detail);
        Assert.DoesNotContain(audit, a => (a.Detail ?? "").Contains(created.Key[(ApiKeyService.PrefixLength + 1)..], StringComparison.Ordinal));
        var listed = Assert.Single(await Keys.ListAsync(endpoint.WorkspaceId));
        Assert.Equal([ApiScopes.ContactsRead], listed.Scopes);
        Assert.NotNull(listed.RevokedAt);
    }

    [Fact]
    public async Task Agent_CannotCreateOrRevoke()
    {
        var endpoint = await app.CreateEndpointAsync();
        var agent = await app.MemberAsync(endpoint.WorkspaceId, role: WorkspaceRole.Agent);
        var owner = await app.OwnerAsync(endpoint);
        var key = await Keys.CreateAsync(endpoint.WorkspaceId, owner, "CRM", [ApiScopes.MessagesRead]);

        await Assert.ThrowsAsync<UserInputException>(() => Keys.CreateAsync(endpoint.WorkspaceId, agent, "Mine", [ApiScopes.Admin]));
        await Assert.ThrowsAsync<UserInputException>(() => Keys.RevokeAsync(endpoint.WorkspaceId, agent, key.Summary.Id));
    }

    [Theory]
    [InlineData("", "messages:read", "name")]
    [InlineData("CRM", "", "at least one scope")]
    [InlineData("CRM", "messages:write", "Unknown scope 'messages:write'")]
    public async Task BadInput_ClearMessage(string name, string scopes, string expected)
    {
        var endpoint = await app.CreateEndpointAsync();

        var error = await Assert.ThrowsAsync<UserInputException>(() => Keys.CreateAsync(endpoint.WorkspaceId, SmsPortal.Audit.Actor.Cli(), name, [scopes]));

        Assert.Contains(expected, error.Message);
    }
}

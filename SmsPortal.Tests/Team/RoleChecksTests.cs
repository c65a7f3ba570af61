using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team;

/// <summary>
/// Privileged actions check the actor's role in the database, not the role an open tab or a cookie still carries:
/// a removed Admin's circuit and a demoted Admin's cookie can no longer reveal, rotate, delete, export, change the
/// gateway or send a test SMS.
/// </summary>
public sealed class RoleChecksTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly PortalAppFactory _app = fixture.App;

    [Fact]
    public async Task RemovedAdmin_OpenCircuit_EveryPrivilegedActionRefused()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var admin = await _app.MemberAsync(endpoint.WorkspaceId);
        var circuit = Principal(endpoint.WorkspaceId, admin, WorkspaceRole.Admin);
        await RevealAsync(endpoint, admin); // allowed while a member

        await _app.Services.GetRequiredService<TeamService>().RemoveMemberAsync(endpoint.WorkspaceId, await _app.OwnerAsync(endpoint), admin.UserId!);

        await AssertEveryActionRefusedAsync(endpoint, admin);
        Assert.False(await _app.Services.GetRequiredService<MemberAccess>().StillHoldsAsync(circuit), "the open tab is revalidated away");
    }

    [Fact]
    public async Task DemotedAdmin_StaleCookie_ExportAndEveryPrivilegedActionRefused()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var admin = await _app.MemberAsync(endpoint.WorkspaceId);
        using var client = await PortalSignIn.SignInAsync(_app, admin.Name);
        using (var before = await client.GetAsync("/contacts/export.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await _app.Services.GetRequiredService<TeamService>().ChangeRoleAsync(endpoint.WorkspaceId, await _app.OwnerAsync(endpoint), admin.UserId!, WorkspaceRole.Agent);

        using var export = await client.GetAsync("/contacts/export.csv");
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.Equal("application/problem+json", export.Content.Headers.ContentType?.MediaType);
        await AssertEveryActionRefusedAsync(endpoint, admin);
        Assert.False(await _app.Services.GetRequiredService<MemberAccess>().StillHoldsAsync(Principal(endpoint.WorkspaceId, admin, WorkspaceRole.Admin)));
    }

    private async Task RevealAsync(TestEndpoint endpoint, Actor actor) =>
        await _app.Services.GetRequiredService<EndpointService>().RevealSecretAsync(endpoint.WorkspaceId, actor, endpoint.Id);

    private async Task AssertEveryActionRefusedAsync(TestEndpoint endpoint, Actor actor)
    {
        var endpoints = _app.Services.GetRequiredService<EndpointService>();
        var gateways = _app.Services.GetRequiredService<GatewaySettingsService>();
        var outbound = _app.Services.GetRequiredService<OutboundService>();
        var gateway = new GatewaySettingsInput(GatewayType.Generic, "http://127.0.0.1:9/", null, null, null, null, null, null, "key", null, null);
        Func<Task>[] actions =
        [
            () => RevealAsync(endpoint, actor),
            () => endpoints.RotateAsync(endpoint.WorkspaceId, actor, endpoint.Id, TimeSpan.Zero),
            () => endpoints.DeleteAsync(endpoint.WorkspaceId, actor, endpoint.Id),
            () => gateways.SaveAsync(endpoint.WorkspaceId, actor, gateway),
            () => gateways.ClearAsync(endpoint.WorkspaceId, actor),
            () => outbound.SendTestAsync(endpoint.WorkspaceId, actor, "+15551230000"),
        ];
        foreach (var action in actions)
        {
            var error = await Assert.ThrowsAsync<UserInputException>(action);
            Assert.Contains("Owner or Admin", error.Message);
        }
        Assert.NotNull(await endpoints.FindAsync(endpoint.WorkspaceId, endpoint.Id));
        Assert.True((await gateways.GetAsync(endpoint.WorkspaceId)).UsesInstallationGateway);
    }

    private static ClaimsPrincipal Principal(Guid workspaceId, Actor actor, WorkspaceRole role) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, actor.UserId!),
        new Claim(ClaimTypes.Email, actor.Name),
        new Claim(PortalClaims.Workspace, workspaceId.ToString()),
        new Claim(ClaimTypes.Role, role.ToString()),
    ], "test"));
}

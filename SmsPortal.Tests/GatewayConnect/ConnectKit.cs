using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Endpoints;
using SmsPortal.GatewayConnect;
using SmsPortal.Messages;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.GatewayConnect;

/// <summary>A workspace, its owner and the connector, for tests that connect a fake gateway.</summary>
internal sealed record ConnectKit(TestApp App, TestEndpoint Workspace, Actor Owner)
{
    public static async Task<ConnectKit> StartAsync(TestApp app)
    {
        var workspace = await app.CreateEndpointAsync();
        return new ConnectKit(app, workspace, await app.OwnerAsync(workspace));
    }

    public GatewayConnector Connector => App.Services.GetRequiredService<GatewayConnector>();

    public EndpointService Endpoints => App.Services.GetRequiredService<EndpointService>();

    public Task<ConnectResult> ConnectAsync(ConnectRequest request) =>
        Connector.ConnectAsync(Workspace.WorkspaceId, Owner, request, App.BaseUrl);

    public Task<string> SecretAsync(string endpointId) => Endpoints.RevealSecretAsync(Workspace.WorkspaceId, Owner, endpointId);

    public async Task<List<InboundMessage>> MessagesAsync(string endpointId)
    {
        await using var db = App.CreateDbContext();
        return await db.InboundMessages.Where(m => m.EndpointId == endpointId).OrderBy(m => m.Id).ToListAsync();
    }

    public async Task<List<InboundMessage>> WaitForMessagesAsync(string endpointId, int count)
    {
        await Eventually.TrueAsync(async () => (await MessagesAsync(endpointId)).Count >= count, $"{count} message(s) reach endpoint {endpointId}");
        return await MessagesAsync(endpointId);
    }
}

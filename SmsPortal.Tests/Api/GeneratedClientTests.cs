using SmsPortal.ApiKeys;
using SmsPortal.Tests.Api.Generated;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Api;

/// <summary>The NSwag client generated from /openapi/v1.json (kept current by <see cref="OpenApiDocumentTests"/>) against the real app.</summary>
public sealed class GeneratedClientTests
{
    [Fact]
    public async Task GeneratedClient_SendsAMessage_ThatReachesTheGateway()
    {
        await using var app = await TestApp.StartWithGatewayAsync();
        var endpoint = await app.CreateEndpointAsync();
        using var http = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesSend, ApiScopes.MessagesRead);
        var client = new SmsPortalApiClient(http);

        var sent = await client.SendMessageAsync(new SendMessageRequest { To = "+15550001313", Text = "From the generated client" }, "gen-1");
        await app.Gateway.WaitForAsync(g => g.AcceptedInOrder.Count == 1, "the message reaches the gateway");
        var read = await client.GetMessageAsync(sent.Id);
        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => client.SendMessageAsync(new SendMessageRequest { To = "nope", Text = "x" }));

        Assert.Equal(("outbound", "+15550001313"), (sent.Direction, sent.To));
        Assert.Contains("From the generated client", app.Gateway.AcceptedInOrder.Single());
        Assert.Equal(sent.Id, read.Id);
        Assert.Equal(422, refused.StatusCode);
    }
}

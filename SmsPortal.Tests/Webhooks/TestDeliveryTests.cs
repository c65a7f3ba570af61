using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Webhooks;

public sealed class TestDeliveryTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    // Deliberately not the app's address: the test send must find the server's own address itself.
    private const string UnreachableBase = "http://portal.invalid/";
    private const string AdminName = "admin@example.test";
    private readonly PortalAppFactory _app = fixture.App;
    private TestDelivery TestDelivery => _app.Services.GetRequiredService<TestDelivery>();

    [Fact]
    public async Task Send_NativeEndpoint_PostsOverHttpAndStoresATestMessage()
    {
        var endpoint = await _app.CreateEndpointAsync();

        var result = await TestDelivery.SendAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, AdminName), endpoint.Id, UnreachableBase);

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("accepted", result.ResponseBody);
        Assert.StartsWith("http://127.0.0.1:", result.Url);
        Assert.EndsWith(endpoint.Path, result.Url);
        await using var db = _app.CreateDbContext();
        var message = await db.InboundMessages.SingleAsync(m => m.WorkspaceId == endpoint.WorkspaceId);
        Assert.True(message.IsTest);
        Assert.Equal(result.ExternalId, message.ExternalId);
        Assert.StartsWith("test-", message.ExternalId);
        Assert.Equal(TestDelivery.SampleFrom, message.From);
        Assert.Equal(TestDelivery.SampleText, message.Text);
        Assert.Contains("\"from\":\"+15550000000\"", message.RawPayload);
        Assert.Contains(await db.AuditLog.Where(a => a.WorkspaceId == endpoint.WorkspaceId).ToListAsync(),
            a => a.Action == AuditActions.EndpointTestDelivery && a.Target == endpoint.Id && a.Actor == AdminName);
    }

    [Fact]
    public async Task Send_AfterRotation_SignsWithTheNewSecret()
    {
        var endpoint = await _app.CreateEndpointAsync();
        await _app.Services.GetRequiredService<EndpointService>().RotateAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, AdminName), endpoint.Id, TimeSpan.Zero);

        var result = await TestDelivery.SendAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, AdminName), endpoint.Id, UnreachableBase);

        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task Receive_GatewayDeliveryWithoutTestHeader_NotATest()
    {
        var endpoint = await _app.CreateEndpointAsync();

        var response = await fixture.Client.PostAsync(endpoint, Deliveries.Body("gw-1"));

        response.EnsureSuccessStatusCode();
        await using var db = _app.CreateDbContext();
        Assert.False((await db.InboundMessages.SingleAsync(m => m.WorkspaceId == endpoint.WorkspaceId)).IsTest);
    }

    [Fact]
    public async Task Receive_TestHeaderWithBadSignature_RefusedAndNothingStored()
    {
        var endpoint = await _app.CreateEndpointAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = new StringContent(Deliveries.Body("gw-2")) };
        request.Headers.Add(SignatureVerifier.HeaderName, new string('0', 64));
        request.Headers.Add(TestDelivery.HeaderName, "1");

        var response = await fixture.Client.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        await using var db = _app.CreateDbContext();
        Assert.False(await db.InboundMessages.AnyAsync(m => m.WorkspaceId == endpoint.WorkspaceId));
    }

    [Fact]
    public async Task Send_NonNativeEndpoint_RefusedWithAMessageAndNotAudited()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var admin = await _app.MemberAsync(endpoint.WorkspaceId, AdminName);
        await _app.Services.GetRequiredService<EndpointService>().SetFormatAsync(endpoint.WorkspaceId, admin, endpoint.Id, EndpointFormat.SmsGate);

        var error = await Assert.ThrowsAsync<UserInputException>(() => TestDelivery.SendAsync(endpoint.WorkspaceId, admin, endpoint.Id, UnreachableBase));

        Assert.Contains("SmsGate", error.Message);
        await using var db = _app.CreateDbContext();
        Assert.False(await db.AuditLog.AnyAsync(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action == AuditActions.EndpointTestDelivery));
    }

    [Fact]
    public async Task Send_EndpointOfAnotherWorkspace_NotFound()
    {
        var mine = await _app.CreateEndpointAsync();
        var theirs = await _app.CreateEndpointAsync();

        var admin = await _app.MemberAsync(mine.WorkspaceId, AdminName);

        await Assert.ThrowsAsync<UserInputException>(() => TestDelivery.SendAsync(mine.WorkspaceId, admin, theirs.Id, UnreachableBase));

        await using var db = _app.CreateDbContext();
        Assert.False(await db.InboundMessages.AnyAsync(m => m.EndpointId == theirs.Id));
    }

    [Theory]
    [InlineData("https://127.0.0.1:5001;http://[::]:5000", "http://[::1]:5000")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://+:80", "http://localhost")]
    [InlineData("http://10.1.2.3:5000;http://localhost:5000", "http://localhost:5000")]
    [InlineData("https://localhost:7001", "https://localhost:7001")]
    [InlineData("", null)]
    public void ChooseSelfAddress_ServerAddresses_PrefersPlainHttpOnLoopback(string addresses, string? expected) =>
        Assert.Equal(expected, TestDelivery.ChooseSelfAddress(addresses.Split(';', StringSplitOptions.RemoveEmptyEntries)));
}

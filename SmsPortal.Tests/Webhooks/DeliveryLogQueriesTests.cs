using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Webhooks;

public sealed class DeliveryLogQueriesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly PortalAppFactory _app = fixture.App;
    private DeliveryLogQueries Queries => _app.Services.GetRequiredService<DeliveryLogQueries>();

    [Fact]
    public async Task List_ManyEntries_NewestFirstPagedWithTotal()
    {
        var endpoint = await _app.CreateEndpointAsync();
        await AddAsync(Enumerable.Range(0, 7).Select(i => Entry(endpoint, T0.AddMinutes(i), messageId: $"msg_{i}")).ToArray());

        var first = await Queries.ListAsync(endpoint.WorkspaceId, new DeliveryLogFilter(), page: 0, pageSize: 3);
        var last = await Queries.ListAsync(endpoint.WorkspaceId, new DeliveryLogFilter(), page: 2, pageSize: 3);

        Assert.Equal(7, first.TotalCount);
        Assert.Equal(["msg_6", "msg_5", "msg_4"], first.Items.Select(r => r.MessageId));
        Assert.Equal(["msg_0"], last.Items.Select(r => r.MessageId));
        Assert.All(first.Items, r => Assert.Equal("Main", r.EndpointName));
    }

    [Fact]
    public async Task List_OtherWorkspacesEntries_NeverReturned()
    {
        var mine = await _app.CreateEndpointAsync();
        var theirs = await _app.CreateEndpointAsync();
        await AddAsync(Entry(mine, T0, messageId: "msg_mine"), Entry(theirs, T0, messageId: "msg_theirs"));

        var all = await Queries.ListAsync(mine.WorkspaceId, new DeliveryLogFilter(), 0, 50);
        var byTheirEndpoint = await Queries.ListAsync(mine.WorkspaceId, new DeliveryLogFilter(EndpointId: theirs.Id), 0, 50);
        var theirId = (await Queries.ListAsync(theirs.WorkspaceId, new DeliveryLogFilter(), 0, 50)).Items.Single().Id;

        Assert.Equal(["msg_mine"], all.Items.Select(r => r.MessageId));
        Assert.Empty(byTheirEndpoint.Items);
        Assert.Null(await Queries.FindAsync(mine.WorkspaceId, theirId));
    }

    [Fact]
    public async Task List_EachFilter_KeepsOnlyMatchingEntries()
    {
        var endpoint = await _app.CreateEndpointAsync();
        await AddAsync(
            Entry(endpoint, T0, DeliveryOutcome.Accepted, 200, "msg_ok", externalId: "gw-123"),
            Entry(endpoint, T0.AddHours(1), DeliveryOutcome.BadSignature, 401),
            Entry(endpoint, T0.AddHours(2), DeliveryOutcome.Unavailable, 503),
            Entry(endpoint, T0.AddHours(3), DeliveryOutcome.Duplicate, 200, "msg_dup"));

        async Task<string[]> StatusesAsync(DeliveryLogFilter filter) =>
            [.. (await Queries.ListAsync(endpoint.WorkspaceId, filter, 0, 50)).Items.Select(r => $"{r.Outcome}:{r.StatusCode}")];

        Assert.Equal(["BadSignature:401"], await StatusesAsync(new(Outcome: DeliveryOutcome.BadSignature)));
        Assert.Equal(["Unavailable:503", "BadSignature:401"], await StatusesAsync(new(MinStatusCode: 400, MaxStatusCode: 599)));
        Assert.Equal(["Duplicate:200", "Accepted:200"], await StatusesAsync(new(MaxStatusCode: 299)));
        Assert.Equal(["Unavailable:503", "BadSignature:401"], await StatusesAsync(new(From: T0.AddHours(1), To: T0.AddHours(3))));
        Assert.Equal(["Accepted:200"], await StatusesAsync(new(Search: "gw-12")));
        Assert.Equal(["Duplicate:200"], await StatusesAsync(new(Search: "msg_dup")));
        Assert.Empty(await StatusesAsync(new(EndpointId: "ep_other")));
    }

    [Fact]
    public async Task List_SearchByGatewayId_FindsTheEntryOfTheStoredMessage()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var client = fixture.Client;
        var externalId = "gw-" + Guid.NewGuid().ToString("N");

        var response = await client.PostAsync(endpoint, Deliveries.Body(externalId));
        var messageId = (await response.ReadAckAsync()).MessageId;
        await Eventually.TrueAsync(async () => (await Queries.ListAsync(endpoint.WorkspaceId, new(), 0, 10)).TotalCount > 0, "the delivery is logged");

        var found = await Queries.ListAsync(endpoint.WorkspaceId, new DeliveryLogFilter(Search: externalId), 0, 10);

        Assert.Equal(messageId, Assert.Single(found.Items).MessageId);
    }

    [Fact]
    public async Task Find_RealSignedDelivery_DetailHasBodyAndHeadersWithoutTheSignatureValue()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var externalId = "gw-" + Guid.NewGuid().ToString("N");
        var body = Deliveries.Body(externalId, "detail please");
        var signature = Deliveries.Sign(body, endpoint.Secret);

        var response = await fixture.Client.PostAsync(endpoint, body, signature);
        response.EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await Queries.ListAsync(endpoint.WorkspaceId, new(), 0, 10)).TotalCount > 0, "the delivery is logged");
        var row = (await Queries.ListAsync(endpoint.WorkspaceId, new(), 0, 10)).Items.Single();

        var detail = await Queries.FindAsync(endpoint.WorkspaceId, row.Id);

        Assert.NotNull(detail);
        Assert.Equal(DeliveryOutcome.Accepted, detail.Outcome);
        Assert.Equal(200, detail.StatusCode);
        Assert.Equal(body, detail.Body);
        Assert.NotNull(detail.MessageId);
        Assert.Equal(externalId, detail.ExternalId);
        Assert.Contains("X-Signature", detail.Headers);
        Assert.Contains("(redacted)", detail.Headers);
        Assert.DoesNotContain(signature, detail.Headers);
        Assert.DoesNotContain(endpoint.Secret, detail.Headers + detail.Body);
    }

    private static DeliveryLogEntry Entry(
        TestEndpoint endpoint, DateTimeOffset at, DeliveryOutcome outcome = DeliveryOutcome.Accepted, int status = 200,
        string? messageId = null, string? externalId = null) => new()
    {
        WorkspaceId = endpoint.WorkspaceId,
        EndpointId = endpoint.Id,
        At = at,
        Outcome = outcome,
        StatusCode = status,
        LatencyMs = 1.5,
        BodySize = 100,
        MessageId = messageId,
        ExternalId = externalId,
        Headers = "{}",
    };

    private async Task AddAsync(params DeliveryLogEntry[] entries)
    {
        await using var db = _app.CreateDbContext();
        db.DeliveryLog.AddRange(entries);
        await db.SaveChangesAsync();
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.ApiKeys;
using SmsPortal.Contacts;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Api;

/// <summary>POST /api/v1/messages against a fake gateway on loopback that counts every SMS it is asked to send.</summary>
public sealed class MessagesApiTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartWithGatewayAsync();
        // Like textbee or Twilio: every request that reaches the gateway is one more SMS, so a resend would show.
        _app.Gateway.HonoursIdempotencyKey = false;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SameIdempotencyKeyTwice_SendsOnce_SecondAnswerIsTheFirstMessage()
    {
        var endpoint = await _app.CreateEndpointAsync();
        using var client = await _app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesSend);

        var first = await client.SendSmsAsync("+15550003333", "Your order shipped", "order-42-shipped");
        var second = await client.SendSmsAsync("+15550003333", "Your order shipped", "order-42-shipped");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var (a, b) = (await first.JsonAsync(), await second.JsonAsync());
        Assert.Equal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        await _app.Gateway.WaitForAsync(g => g.AcceptedInOrder.Count == 1, "the message reaches the gateway");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(_app.Gateway.Requests);
        Assert.Single(await _app.OutboxAsync(endpoint));
    }

    [Fact]
    public async Task SameKeyDifferentBody_RefusedAndNothingMoreSent()
    {
        var endpoint = await _app.CreateEndpointAsync();
        using var client = await _app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesSend);
        await (await client.SendSmsAsync("+15550003333", "first", "k-1")).JsonAsync();

        var problem = await (await client.SendSmsAsync("+15550003333", "second", "k-1")).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("different request", problem.GetProperty("detail").GetString());
        Assert.Single(await _app.OutboxAsync(endpoint));
    }

    [Fact]
    public async Task OptedOutNumber_ProblemAndNothingSent()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var id = await _app.Services.GetRequiredService<ContactRecords>().CreateAsync(endpoint.WorkspaceId, "+15550004444", "Opted", []);
        await _app.Services.GetRequiredService<ContactService>().SetOptOutAsync(endpoint.WorkspaceId, SmsPortal.Audit.Actor.Cli(), id, true);
        using var client = await _app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesSend);

        var problem = await (await client.SendSmsAsync("+15550004444", "promo", "promo-1")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var retried = await client.SendSmsAsync("+15550004444", "promo", "promo-1");

        Assert.Contains("opted out", problem.GetProperty("detail").GetString());
        await retried.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(_app.Gateway.Requests);
        Assert.Empty(await _app.OutboxAsync(endpoint));
    }

    [Theory]
    [InlineData("""{"to": "", "text": "hi"}""", "'to' is required")]
    [InlineData("""{"to": "hello", "text": "hi"}""", "is not a phone number")]
    [InlineData("""{"to": "+15550005555", "text": ""}""", "Write a message first")]
    public async Task BadRequest_ProblemSaysWhyAndNoContactIsMade(string body, string reason)
    {
        var endpoint = await _app.CreateEndpointAsync();
        using var client = await _app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesSend);

        var response = await client.PostAsync("/api/v1/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(reason, (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString());
        await using var db = _app.CreateDbContext();
        Assert.False(await db.Contacts.AnyAsync(c => c.WorkspaceId == endpoint.WorkspaceId));
    }

    [Fact]
    public async Task NotJson_400Problem()
    {
        var endpoint = await _app.CreateEndpointAsync();
        using var client = await _app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesSend);

        var response = await client.PostAsync("/api/v1/messages", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SentMessage_GetShowsItsStatusHistory_ListPagesWithCursor()
    {
        var endpoint = await _app.CreateEndpointAsync();
        using var client = await _app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesSend, ApiScopes.MessagesRead);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await (await client.SendSmsAsync("+15550006666", $"message {i}")).JsonAsync()).GetProperty("id").GetString()!);
        }
        await _app.Gateway.WaitForAsync(g => g.AcceptedInOrder.Count == 3, "all three reach the gateway");

        await Eventually.TrueAsync(async () =>
        {
            var message = await (await client.GetAsync($"/api/v1/messages/{ids[0]}")).JsonAsync();
            return message.GetProperty("status").GetString() == "sent";
        }, "the first message is sent");
        var sent = await (await client.GetAsync($"/api/v1/messages/{ids[0]}")).JsonAsync();
        var first = await (await client.GetAsync("/api/v1/messages?limit=2&direction=outbound")).JsonAsync();
        var second = await (await client.GetAsync($"/api/v1/messages?limit=2&direction=outbound&cursor={first.GetProperty("nextCursor").GetString()}")).JsonAsync();

        Assert.Equal(["queued", "sent"], sent.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        var paged = first.GetProperty("data").EnumerateArray().Concat(second.GetProperty("data").EnumerateArray()).Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Reverse(ids), paged);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }
}

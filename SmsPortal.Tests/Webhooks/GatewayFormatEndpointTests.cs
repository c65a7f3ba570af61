using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Audit;
using SmsPortal.Contacts;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;
using SmsPortal.Webhooks.Formats;

namespace SmsPortal.Tests.Webhooks;

/// <summary>Endpoints set to a gateway's own format, over real HTTP, with the contract's vectors.</summary>
public sealed class GatewayFormatEndpointTests : IAsyncLifetime
{
    // Starts before every vector's timestamp: a fake clock can only be moved forward.
    private readonly TestApp _app = new(clock: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private FakeTimeProvider Time => _app.Time;
    private TestApp App => _app;
    private HttpClient Client => _app.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SmsGate_VectorAtItsTimestamp_StoredAndStaleRefused()
    {
        var vector = Vectors.Get("smsgate")[0];
        var endpoint = await EndpointAsync(EndpointFormat.SmsGate, vector.GetProperty("secret").GetString()!);
        var stamp = vector.GetProperty("X-Timestamp").GetString()!;
        SetClock(stamp);
        var body = Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!);
        (string, string)[] headers = [("X-Signature", vector.GetProperty("X-Signature").GetString()!), ("X-Timestamp", stamp)];

        using var first = await PostAsync(endpoint, body, headers);
        using var again = await PostAsync(endpoint, body, headers);
        Time.Advance(TimeSpan.FromSeconds(301));
        using var stale = await PostAsync(endpoint, body, headers);

        Assert.Equal("accepted", (await first.ReadAckAsync()).Status);
        Assert.Equal("duplicate", (await again.ReadAckAsync()).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        await using var db = App.CreateDbContext();
        var message = await db.InboundMessages.SingleAsync(m => m.EndpointId == endpoint.Id);
        Assert.Equal(("Android is always a sweet treat!", "6505551212"), (message.Text, message.From));
    }

    [Fact]
    public async Task Textbee_Vector_StoredWithItsIdempotencyKey()
    {
        var vector = Vectors.Get("textbee")[0];
        var endpoint = await EndpointAsync(EndpointFormat.Textbee, vector.GetProperty("secret").GetString()!);
        var body = Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!);

        using var response = await PostAsync(endpoint, body, ("X-Signature", vector.GetProperty("X-Signature").GetString()!));
        using var tampered = await PostAsync(endpoint, [.. body.Take(body.Length - 2), (byte)' ', (byte)'}'], ("X-Signature", vector.GetProperty("X-Signature").GetString()!));

        Assert.Equal("accepted", (await response.ReadAckAsync()).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        await using var db = App.CreateDbContext();
        Assert.Equal("3f1c2a9e-5b7d-4c1e-9a2b-8d7e6f5a4b3c", (await db.InboundMessages.SingleAsync(m => m.EndpointId == endpoint.Id)).ExternalId);
    }

    [Fact]
    public async Task StandardWebhooks_Vector_StoredUnderWebhookId()
    {
        var vector = Vectors.Get("standard_webhooks")[1];
        var endpoint = await EndpointAsync(EndpointFormat.StandardWebhooks, vector.GetProperty("secret").GetString()!);
        var stamp = vector.GetProperty("timestamp").GetString()!;
        SetClock(stamp);

        using var response = await PostAsync(endpoint, Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!),
            ("webhook-id", vector.GetProperty("id").GetString()!), ("webhook-timestamp", stamp), ("webhook-signature", vector.GetProperty("webhook-signature").GetString()!));

        Assert.Equal("accepted", (await response.ReadAckAsync()).Status);
        await using var db = App.CreateDbContext();
        Assert.Equal("HELP", (await db.InboundMessages.SingleAsync(m => m.EndpointId == endpoint.Id)).Text);
    }

    [Fact]
    public async Task Twilio_SignedOverThePublicUrl_StoredAndAnsweredWithTwiml()
    {
        const string token = "twilio-auth-token-0123456789abcdef";
        var endpoint = await EndpointAsync(EndpointFormat.Twilio, token);
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM123", ["From"] = "+14155550100", ["To"] = "+14155550199", ["Body"] = "Hi + bye & thanks" };
        var url = new Uri(Client.BaseAddress!, endpoint.Path).ToString();

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioFormat.Sign(url, form, token));
        using var response = await Client.SendAsync(request);
        using var forged = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = new FormUrlEncodedContent(form) };
        forged.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioFormat.Sign(url, form, "another-token-0123456789"));
        using var refused = await Client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response/>", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await using var db = App.CreateDbContext();
        var message = await db.InboundMessages.SingleAsync(m => m.EndpointId == endpoint.Id);
        Assert.Equal(("SM123", "Hi + bye & thanks"), (message.ExternalId, message.Text));
    }

    [Fact]
    public async Task SmsGate_DeliveredEvent_MovesOurOutboundMessageToDelivered()
    {
        const string secret = "whsec_status-secret-0123456789";
        var endpoint = await EndpointAsync(EndpointFormat.SmsGate, secret);
        var outboundId = await SeedOutboundAsync(endpoint);
        var delivered = $$"""{"deviceId":"dev1","event":"sms:delivered","id":"evt-1","payload":{"messageId":"{{outboundId}}","phoneNumber":"+15551234567","deliveredAt":"2026-11-24T10:00:00Z"},"webhookId":"wh1"}""";
        var ignored = """{"deviceId":"dev1","event":"system:ping","id":"evt-2","payload":{},"webhookId":"wh1"}""";

        using var response = await PostSmsGateAsync(endpoint, secret, delivered);
        using var ping = await PostSmsGateAsync(endpoint, secret, ignored);

        Assert.Equal("status-updated", (await response.ReadAckAsync()).Status);
        Assert.Equal("ignored", (await ping.ReadAckAsync()).Status);
        await using var db = App.CreateDbContext();
        var outbound = await db.OutboundMessages.SingleAsync(m => m.Id == outboundId);
        Assert.Equal(OutboundStatus.Delivered, outbound.Status);
        Assert.NotNull(outbound.DeliveredAt);
    }

    [Fact]
    public async Task Create_TwilioWithoutToken_ClearError()
    {
        var owner = await App.CreateEndpointAsync();

        var error = await Assert.ThrowsAsync<SmsPortal.Common.UserInputException>(() =>
            App.Services.GetRequiredService<EndpointService>().CreateAsync(owner.WorkspaceId, Actor.Cli(), "Twilio", null, EndpointFormat.Twilio));

        Assert.Contains("auth token", error.Message);
    }

    private async Task<HttpResponseMessage> PostSmsGateAsync(TestEndpoint endpoint, string secret, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var stamp = Time.GetUtcNow().ToUnixTimeSeconds().ToString();
        return await PostAsync(endpoint, body, ("X-Signature", SmsGateFormat.Sign(body, stamp, Encoding.UTF8.GetBytes(secret))), ("X-Timestamp", stamp));
    }

    private async Task<string> SeedOutboundAsync(TestEndpoint endpoint)
    {
        await using var db = App.CreateDbContext();
        var contact = new Contact { WorkspaceId = endpoint.WorkspaceId, Number = "+15551234567", CreatedAt = DateTimeOffset.UtcNow, LastMessageAt = DateTimeOffset.UtcNow };
        db.Contacts.Add(contact);
        var outbound = new OutboundMessage
        {
            Id = "out_statusprobe" + Guid.NewGuid().ToString("N")[..10],
            WorkspaceId = endpoint.WorkspaceId,
            ContactId = contact.Id,
            To = contact.Number,
            Text = "hello",
            Status = OutboundStatus.Sent,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.OutboundMessages.Add(outbound);
        await db.SaveChangesAsync();
        return outbound.Id;
    }

    private async Task<TestEndpoint> EndpointAsync(EndpointFormat format, string secret)
    {
        var owner = await App.CreateEndpointAsync();
        var created = await App.Services.GetRequiredService<EndpointService>().CreateAsync(owner.WorkspaceId, Actor.Cli(), format.ToString(), null, format, secret);
        return new TestEndpoint(owner.WorkspaceId, created.Id, created.Secret, owner.Email);
    }

    private void SetClock(string unixSeconds) => Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(long.Parse(unixSeconds)));

    private async Task<HttpResponseMessage> PostAsync(TestEndpoint endpoint, byte[] body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Client.SendAsync(request);
    }
}

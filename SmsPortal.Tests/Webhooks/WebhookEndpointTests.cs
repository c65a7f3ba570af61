using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Webhooks;

/// <summary>The hook as a gateway sees it: real HTTP on loopback, a real SQLite file.</summary>
public sealed class WebhookEndpointTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly TestApp _app = app;
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Post_NativeVectors_VerifyAndReserialisedBodyIsRefused()
    {
        var endpoint = await _app.CreateEndpointAsync();
        foreach (var vector in Vectors.Native)
        {
            await _app.UseSecretAsync(endpoint, vector.GetProperty("secret").GetString()!);
            var body = Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!);
            var expected = vector.TryGetProperty("expect", out var expect) ? expect.GetString() : "200";

            using var response = await _client.PostRawAsync(endpoint.Path, body, vector.GetProperty("X-Signature").GetString());

            Assert.Equal(expected, ((int)response.StatusCode).ToString());
        }
        Assert.Equal(2, await CountAsync(endpoint));
    }

    [Fact]
    public async Task Post_EmojiText_StoredExactly()
    {
        var endpoint = await _app.CreateEndpointAsync();
        const string text = "Hé 👋 can I book for 2? 日本語 🇬🇧";

        var body = "{\"id\":\"emoji-1\",\"from\":\"+15551234567\",\"text\":\"" + text + "\",\"receivedAt\":\"2026-11-23T20:00:00Z\"}";

        using var response = await _client.PostAsync(endpoint, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = _app.CreateDbContext();
        var stored = await db.InboundMessages.SingleAsync(m => m.WorkspaceId == endpoint.WorkspaceId);
        Assert.Equal(text, stored.Text);
        Assert.Equal(body, stored.RawPayload);
    }

    [Fact]
    public async Task Post_ValidDelivery_AcceptedAndStoredPending()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var body = """{"id":"abc-1","from":"+44 (7700) 900-123","to":"+15557654321","text":"Hi","receivedAt":"2026-11-23T21:00:00+01:00","deviceId":"pixel","simSlot":2,"extra":{"kept":true}}""";

        using var response = await _client.PostAsync(endpoint, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = await response.ReadAckAsync();
        Assert.Equal("accepted", ack.Status);
        Assert.Matches("^msg_[0-9a-z]{26}$", ack.MessageId);
        await using var db = _app.CreateDbContext();
        var stored = await db.InboundMessages.SingleAsync(m => m.Id == ack.MessageId);
        Assert.Equal(endpoint.WorkspaceId, stored.WorkspaceId);
        Assert.Equal("abc-1", stored.ExternalId);
        Assert.Equal("+447700900123", stored.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero), stored.ReceivedAt);
        Assert.Equal(2, stored.SimSlot);
        Assert.Equal(body, stored.RawPayload);
    }

    [Fact]
    public async Task Post_SameIdTwice_SecondIsDuplicateWithSameMessageId()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var body = Deliveries.Body("dup-1");

        var first = await (await _client.PostAsync(endpoint, body)).ReadAckAsync();
        var second = await (await _client.PostAsync(endpoint, Deliveries.Body("dup-1", text: "retry with other text"))).ReadAckAsync();

        Assert.Equal(("accepted", "duplicate"), (first.Status, second.Status));
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(1, await CountAsync(endpoint));
    }

    [Fact]
    public async Task Post_SixteenConcurrentIdenticalDeliveries_OneRowAllAnswered200()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var body = Deliveries.Body("burst-1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _client.PostAsync(endpoint, body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var acks = await Task.WhenAll(responses.Select(r => r.ReadAckAsync()));
        Assert.Single(acks, a => a.Status == "accepted");
        Assert.Equal(15, acks.Count(a => a.Status == "duplicate"));
        Assert.Single(acks.Select(a => a.MessageId).Distinct());
        Assert.Equal(1, await CountAsync(endpoint));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdef")]
    [InlineData("zz6d62ada56e5b77a4a901887f0308729bff81100f8a222431ba8e94eb7f687fb")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha1=0000000000000000000000000000000000000000")]
    public async Task Post_BadSignature_401AndNothingStored(string? signature)
    {
        var endpoint = await _app.CreateEndpointAsync();

        using var response = await _client.PostRawAsync(endpoint.Path, Encoding.UTF8.GetBytes(Deliveries.Body("bad-sig")), signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("The request signature could not be verified.", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountAsync(endpoint));
    }

    [Fact]
    public async Task Post_SignatureOfAnotherEndpointsSecret_401()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var other = await _app.CreateEndpointAsync();
        var body = Deliveries.Body("cross-1");

        using var response = await _client.PostAsync(endpoint, body, Deliveries.Sign(body, other.Secret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("sha256={0}")]
    [InlineData("SHA256={0}")]
    [InlineData("{0}")]
    public async Task Post_SignatureForms_Accepted(string format)
    {
        var endpoint = await _app.CreateEndpointAsync();
        var body = Deliveries.Body("forms-1");

        using var response = await _client.PostAsync(endpoint, body, string.Format(format, Deliveries.Sign(body, endpoint.Secret).ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{0},{1}")]
    [InlineData("{1}, {0}")]
    [InlineData("sha256={1} sha256={0}")]
    public async Task Post_SeveralSignaturesOneMatches_Accepted(string format)
    {
        var endpoint = await _app.CreateEndpointAsync();
        var body = Deliveries.Body("multi-1");
        var wrong = Deliveries.Sign(body, "whsec_not-the-secret");

        using var response = await _client.PostAsync(endpoint, body, string.Format(format, Deliveries.Sign(body, endpoint.Secret), wrong));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not json at all", null)]
    [InlineData("[1,2,3]", null)]
    [InlineData("""{"from":"+1555","text":"x","receivedAt":"2026-11-23T20:00:00Z"}""", "id")]
    [InlineData("""{"id":"","from":"+1555","text":"x","receivedAt":"2026-11-23T20:00:00Z"}""", "id")]
    [InlineData("""{"id":"a","text":"x","receivedAt":"2026-11-23T20:00:00Z"}""", "from")]
    [InlineData("""{"id":"a","from":"+1555","receivedAt":"2026-11-23T20:00:00Z"}""", "text")]
    [InlineData("""{"id":"a","from":"+1555","text":5,"receivedAt":"2026-11-23T20:00:00Z"}""", "text")]
    [InlineData("""{"id":"a","from":"+1555","text":"x"}""", "receivedAt")]
    [InlineData("""{"id":"a","from":"+1555","text":"x","receivedAt":"yesterday"}""", "receivedAt")]
    [InlineData("""{"id":"a","from":"+1555","text":"x","receivedAt":"2026-11-23T20:00:00"}""", "receivedAt")]
    [InlineData("""{"id":"a","from":"+1555","text":"x","receivedAt":"2026-11-23T20:00:00Z","simSlot":"one"}""", "simSlot")]
    public async Task Post_SignedButInvalidPayload_400NamingTheField(string body, string? field)
    {
        var endpoint = await _app.CreateEndpointAsync();

        using var response = await _client.PostAsync(endpoint, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(0, await CountAsync(endpoint));
    }

    [Fact]
    public async Task Post_TextOverTenThousandCharacters_400()
    {
        var endpoint = await _app.CreateEndpointAsync();

        using var response = await _client.PostAsync(endpoint, Deliveries.Body("long", new string('a', 10_001)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text", (await response.ReadProblemAsync()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Post_InvalidUtf8_400()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var body = Encoding.UTF8.GetBytes(Deliveries.Body("utf8-1", "caf\u00e9"));
        var index = Array.IndexOf(body, (byte)0xC3);
        body[index] = 0xFF;

        using var response = await _client.PostRawAsync(endpoint.Path, body, SignatureVerifier.Sign(body, endpoint.SecretBytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", (await response.ReadProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_ContentLengthOverLimit_413BeforeTheBodyIsSent()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var address = new Uri(_client.BaseAddress!, endpoint.Path);
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();

        // Only the headers: the server must answer without waiting for 70,000 bytes that never come.
        var head = $"POST {address.PathAndQuery} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nX-Signature: 00\r\nContent-Length: 70000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(buffer, timeout.Token);

        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimitWithoutContentLength_413()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var body = Encoding.UTF8.GetBytes(Deliveries.Body("big", new string('x', 70_000)));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path)
        {
            // A stream of unknown length: no Content-Length header, so only the bytes tell.
            Content = new StreamContent(new NonSeekableStream(body)),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("X-Signature", SignatureVerifier.Sign(body, endpoint.SecretBytes));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await response.ReadProblemAsync();
        Assert.Equal(0, await CountAsync(endpoint));
    }

    [Fact]
    public async Task Post_BodyExactlyAtLimit_IsRead()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var prefix = Deliveries.Body("edge", "");
        var body = prefix[..^1] + ",\"pad\":\"" + new string('p', 65_536 - prefix.Length - 9) + "\"}";
        Assert.Equal(65_536, Encoding.UTF8.GetByteCount(body));

        using var response = await _client.PostAsync(endpoint, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_UnknownEndpoint_404ProblemJson()
    {
        using var response = await _client.PostRawAsync("/hooks/sms/ep_doesnotexist000000000", Encoding.UTF8.GetBytes("{}"), "00");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Fact]
    public async Task Post_DisabledEndpoint_404ThenAcceptedWhenEnabledAgain()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var service = _app.Services.GetRequiredService<EndpointService>();
        await service.SetEnabledAsync(endpoint.WorkspaceId, SmsPortal.Audit.Actor.Cli(), endpoint.Id, false);

        using var disabled = await _client.PostAsync(endpoint, Deliveries.Body("off-1"));
        await service.SetEnabledAsync(endpoint.WorkspaceId, SmsPortal.Audit.Actor.Cli(), endpoint.Id, true);
        using var enabled = await _client.PostAsync(endpoint, Deliveries.Body("off-1"));

        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        await disabled.ReadProblemAsync();
        Assert.Equal("accepted", (await enabled.ReadAckAsync()).Status);
    }

    [Fact]
    public async Task Post_AnyOutcome_RecordedInDeliveryLogWithoutSignature()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var body = Deliveries.Body("log-1");
        var signature = Deliveries.Sign(body, endpoint.Secret);
        await _client.PostAsync(endpoint, body, signature);
        await _client.PostAsync(endpoint, body, signature);
        await _client.PostAsync(endpoint, body, "00");
        await _client.PostAsync(endpoint, """{"id":"x"}""");

        await Eventually.TrueAsync(async () =>
        {
            await using var db = _app.CreateDbContext();
            return await db.DeliveryLog.CountAsync(d => d.EndpointId == endpoint.Id) == 4;
        }, "four delivery log entries are written");

        await using var db = _app.CreateDbContext();
        // In the order received, as the log page lists them (unverified entries are written by their own, later writer).
        var entries = (await db.DeliveryLog.Where(d => d.EndpointId == endpoint.Id).ToListAsync()).OrderBy(d => d.At).ToList();
        Assert.Equal(
            [DeliveryOutcome.Accepted, DeliveryOutcome.Duplicate, DeliveryOutcome.BadSignature, DeliveryOutcome.BadPayload],
            entries.Select(e => e.Outcome));
        Assert.Equal([200, 200, 401, 400], entries.Select(e => e.StatusCode));
        Assert.All(entries, e =>
        {
            Assert.Equal(endpoint.WorkspaceId, e.WorkspaceId);
            Assert.Equal("127.0.0.1", e.RemoteAddress);
            Assert.True(e.LatencyMs > 0);
            Assert.DoesNotContain(signature, e.Headers!, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(endpoint.Secret, e.Headers + e.Body + e.Detail);
        });
        Assert.Contains("(redacted)", entries[0].Headers);
        Assert.Equal(entries[0].MessageId, entries[1].MessageId);
        Assert.Equal(["log-1", "log-1", null, null], entries.Select(e => e.ExternalId));
        Assert.Null(entries[2].Body);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), entries[0].BodySize);
    }

    [Fact]
    public async Task Post_Accepted_HandedOffAndProcessedByWorker()
    {
        var endpoint = await _app.CreateEndpointAsync();

        var ack = await (await _client.PostAsync(endpoint, Deliveries.Body("handoff-1"))).ReadAckAsync();

        await Eventually.TrueAsync(async () =>
        {
            await using var db = _app.CreateDbContext();
            return await db.InboundMessages.AnyAsync(m => m.Id == ack.MessageId && m.Status == ProcessingStatus.Processed);
        }, "the worker marks the message processed");
    }

    private async Task<int> CountAsync(TestEndpoint endpoint)
    {
        await using var db = _app.CreateDbContext();
        return await db.InboundMessages.CountAsync(m => m.WorkspaceId == endpoint.WorkspaceId);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

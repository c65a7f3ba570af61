using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmsPortal.Tests.Outbound.Gateways;

/// <summary>What the server does with one request once it has read it whole.</summary>
public enum GatewayBehaviour
{
    /// <summary>201 with textbee's queued answer, keeping the connection open.</summary>
    Answer,
    /// <summary>Accepts the message, then answers only after <see cref="UnreliableGatewayServer.Delay"/>.</summary>
    AnswerLate,
    /// <summary>Accepts the message, then closes the connection without a byte of answer.</summary>
    CloseWithoutAnswer,
    /// <summary>Accepts the message, sends the status line and half the body, then closes.</summary>
    CutAnswer,
    /// <summary>503 with no side effect, as textbee documents for a device that cannot take more.</summary>
    Unavailable,
}

/// <summary>
/// A gateway on a raw loopback socket, so a test can make it misbehave the way real networks do after the request
/// arrived: answer late, close without answering, or end the answer early. Every request read whole counts as a
/// message the gateway accepted (textbee sends what it reads; it takes no idempotency key).
/// </summary>
public sealed class UnreliableGatewayServer : IAsyncDisposable
{
    public const string QueuedAnswer = """{"data":{"success":true,"message":"SMS added to queue for processing","smsBatchId":"6650a1b2c3d4e5f601234567","recipientCount":1}}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly ConcurrentQueue<GatewayBehaviour> _script = new();
    private int _connections;
    private int _received;

    public UnreliableGatewayServer()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Bodies of every request read whole and not refused with 503: each one is an SMS the gateway sends.</summary>
    public IReadOnlyList<string> Accepted => [.. _bodies];

    /// <summary>Requests read whole, refused or not.</summary>
    public int Received => Volatile.Read(ref _received);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>How late <see cref="GatewayBehaviour.AnswerLate"/> answers.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The behaviour once the scripted ones are used up.</summary>
    public GatewayBehaviour Otherwise { get; set; } = GatewayBehaviour.Answer;

    public void Then(params GatewayBehaviour[] behaviours)
    {
        foreach (var behaviour in behaviours)
        {
            _script.Enqueue(behaviour);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new HttpRequestReader(stream);
            try
            {
                while (await reader.ReadBodyAsync(_stop.Token) is { } body)
                {
                    Interlocked.Increment(ref _received);
                    var behaviour = _script.TryDequeue(out var next) ? next : Otherwise;
                    if (behaviour != GatewayBehaviour.Unavailable)
                    {
                        _bodies.Enqueue(body);
                    }
                    if (!await RespondAsync(stream, behaviour))
                    {
                        return;
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
                // The client gave up on the connection (its timeout); the message was accepted all the same.
            }
        }
    }

    /// <summary>Returns false when the connection is to be closed.</summary>
    private async Task<bool> RespondAsync(NetworkStream stream, GatewayBehaviour behaviour)
    {
        switch (behaviour)
        {
            case GatewayBehaviour.CloseWithoutAnswer:
                return false;
            case GatewayBehaviour.CutAnswer:
                var half = QueuedAnswer[..(QueuedAnswer.Length / 2)];
                await WriteAsync(stream, $"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {QueuedAnswer.Length}\r\n\r\n{half}");
                return false;
            case GatewayBehaviour.Unavailable:
                await WriteAsync(stream, Answer("503 Service Unavailable", """{"success":false,"error":"Device queue is full"}"""));
                return true;
            case GatewayBehaviour.AnswerLate:
                await Task.Delay(Delay, _stop.Token);
                break;
        }
        await WriteAsync(stream, Answer("201 Created", QueuedAnswer));
        return true;
    }

    private static string Answer(string status, string body) =>
        $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private async Task WriteAsync(NetworkStream stream, string text) => await stream.WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _stop.Dispose();
    }
}

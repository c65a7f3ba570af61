using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmsPortal.Tests.Egress;

/// <summary>
/// A listener on loopback (IPv4 and IPv6) that counts every connection: the thing a forged request would reach.
/// With <c>redirectTo</c> it answers each request with a 302 there (a "public" server that redirects inward).
/// </summary>
internal sealed class LoopbackTrap : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public LoopbackTrap(string? redirectTo = null)
    {
        _listener = new TcpListener(IPAddress.IPv6Any, 0);
        _listener.Server.DualMode = true;
        _listener.Start();
        _accepting = AcceptAsync(redirectTo);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync(string? redirectTo)
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
            _ = AnswerAsync(client, redirectTo);
        }
    }

    private static async Task AnswerAsync(TcpClient client, string? redirectTo)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[8192];
            try
            {
                if (await stream.ReadAsync(buffer) == 0)
                {
                    return;
                }
                const string Secret = "internal-admin-page";
                var answer = redirectTo is null
                    ? $"HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nContent-Length: {Secret.Length}\r\nConnection: close\r\n\r\n{Secret}"
                    : $"HTTP/1.1 302 Found\r\nLocation: {redirectTo}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
            }
            catch (IOException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

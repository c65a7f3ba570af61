using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SmsPortal.Egress;

/// <summary>
/// Decides which addresses a workspace URL may reach and makes the connection itself: the name is resolved here,
/// the addresses checked, and the socket connected to a checked address. Nothing between the check and the connect
/// can swap the address (no DNS-rebinding gap), and every new connection is checked again.
/// </summary>
public sealed class DestinationPolicy(IOptionsMonitor<EgressOptions> options, HostResolver resolver)
{
    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        Exception? last = null;
        foreach (var address in await AllowedAddressesAsync(host, cancellationToken))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }
        throw new HttpRequestException(HttpRequestError.ConnectionError, $"Could not connect to {host}:{port}.", last);
    }

    /// <summary>Why <paramref name="url"/> may not be used as a workspace URL, or null when it may (checked when it is saved).</summary>
    public async Task<string?> ProblemAsync(string url, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"'{url}' is not an absolute http(s) URL.";
        }
        try
        {
            await AllowedAddressesAsync(uri.IdnHost, cancellationToken);
            return null;
        }
        catch (DestinationRefusedException refused)
        {
            return refused.HostNotFound ? null : refused.Message;
        }
    }

    private async Task<IReadOnlyList<IPAddress>> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        host = host.Trim('[', ']');
        var current = options.CurrentValue;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                throw new DestinationRefusedException($"The host '{host}' could not be found.", hostNotFound: true);
            }
            if (current.AllowsHost(host))
            {
                return addresses;
            }
        }
        var networks = current.Networks().ToList();
        var allowed = addresses.Where(a => AddressRanges.IsPublic(a) || networks.Any(n => n.Contains(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a))).ToList();
        if (allowed.Count == 0)
        {
            throw addresses.Length == 0
                ? new DestinationRefusedException($"The host '{host}' could not be found.", hostNotFound: true)
                : new DestinationRefusedException(
                    $"'{host}' is {AddressRanges.Describe(addresses[0])}: only public addresses can be reached (an operator can allow others with {EgressOptions.Section}:AllowedDestinations).");
        }
        return allowed;
    }
}

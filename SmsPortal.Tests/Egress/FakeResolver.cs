using System.Net;
using System.Net.Sockets;
using SmsPortal.Egress;

namespace SmsPortal.Tests.Egress;

/// <summary>DNS for names the tests own (the machine has no resolver for them); other names go to the system's.</summary>
internal sealed class FakeResolver(Dictionary<string, IPAddress[]> names) : HostResolver
{
    public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses)
        : host.EndsWith(".test", StringComparison.OrdinalIgnoreCase) ? throw new SocketException((int)SocketError.HostNotFound)
        : base.ResolveAsync(host, cancellationToken);
}

using System.Net;

namespace SmsPortal.Egress;

/// <summary>Name resolution for workspace URLs (the system resolver; tests put their own names in).</summary>
public class HostResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}

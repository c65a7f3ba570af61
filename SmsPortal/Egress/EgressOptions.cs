namespace SmsPortal.Egress;

/// <summary>
/// Where calls to URLs that workspace users type (their gateway, "forward to URL") may go. By default only public
/// addresses: loopback, private, link-local, multicast and unspecified ones are refused when the connection is made.
/// </summary>
public sealed class EgressOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// Host names (<c>sms.lan</c>), addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>) that workspace
    /// URLs may reach although they are not public: an on-premise gateway, or a test's fake on loopback.
    /// </summary>
    public List<string> AllowedDestinations { get; set; } = [];

    /// <summary>How much of a response body is read; the rest is never buffered.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    internal IEnumerable<System.Net.IPNetwork> Networks()
    {
        foreach (var entry in AllowedDestinations)
        {
            if (System.Net.IPNetwork.TryParse(entry.Trim(), out var network))
            {
                yield return network;
            }
            else if (System.Net.IPAddress.TryParse(entry.Trim().Trim('[', ']'), out var address))
            {
                yield return new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            }
        }
    }

    internal bool AllowsHost(string host) =>
        AllowedDestinations.Any(entry => string.Equals(entry.Trim().TrimEnd('.'), host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));
}

using System.Net.Http;
using Microsoft.Extensions.Options;
using SmsPortal.Egress;

namespace SmsPortal.Outbound.Gateways;

/// <summary>The HTTP client one send goes through, and whether its URL came from a workspace user.</summary>
internal readonly record struct GatewayChannel(HttpClient Client, bool FromWorkspace, int MaxResponseBytes);

/// <summary>
/// Two clients per gateway adapter, with their own connection pools: the installation's gateway (appsettings.json,
/// trusted: the operator wrote it) and workspace gateways, which go through <see cref="DestinationPolicy"/>.
/// Separate pools matter: a connection opened for the operator's private gateway is never reused for a workspace.
/// </summary>
public sealed class GatewayHttpClients(IHttpClientFactory factory, IOptionsMonitor<EgressOptions> egress)
{
    internal const string WorkspaceSuffix = ".workspace";

    internal GatewayChannel For(IGatewayAdapter adapter, GatewayOptions settings)
    {
        var name = ClientName(adapter.GetType());
        return new GatewayChannel(
            factory.CreateClient(settings.IsWorkspaceGateway ? name + WorkspaceSuffix : name),
            settings.IsWorkspaceGateway,
            egress.CurrentValue.MaxResponseBytes);
    }

    internal static string ClientName(Type adapter) => "gateway-" + adapter.Name;
}

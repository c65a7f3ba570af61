using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace SmsPortal.Tests.Outbound.Gateways;

/// <summary>Which failures the non-idempotent gateways (textbee, httpSMS, Twilio) may retry inside one attempt.</summary>
public sealed class GatewayResilienceTests
{
    [Fact]
    public void NeverReachedGateway_ConnectFailuresOnly()
    {
        Assert.True(OutboundServiceCollectionExtensions.NeverReachedGateway(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException())));
        Assert.True(OutboundServiceCollectionExtensions.NeverReachedGateway(new HttpRequestException(HttpRequestError.NameResolutionError)));
        Assert.False(OutboundServiceCollectionExtensions.NeverReachedGateway(new HttpRequestException(HttpRequestError.ResponseEnded)));
        Assert.False(OutboundServiceCollectionExtensions.NeverReachedGateway(new TimeoutException()));
        Assert.False(OutboundServiceCollectionExtensions.NeverReachedGateway(null));
    }
}

using System.Net.Http;

namespace SmsPortal.Egress;

/// <summary>A workspace URL led to an address it may not reach. The message is ours and safe to show.</summary>
public sealed class DestinationRefusedException(string message) : HttpRequestException(HttpRequestError.ConnectionError, message)
{
    /// <summary>The refusal somewhere in <paramref name="exception"/>'s chain (the handler wraps what the connect callback throws).</summary>
    public static DestinationRefusedException? In(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DestinationRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }
}

using System.Net.Http;
using System.Text;

namespace SmsPortal.Egress;

/// <summary>Reads at most a fixed number of bytes of a response body; a larger body is cut, never buffered whole.</summary>
internal static class CappedContent
{
    public static async Task<string> ReadAsStringAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes];
        var read = 0;
        int n;
        while (read < maxBytes && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}

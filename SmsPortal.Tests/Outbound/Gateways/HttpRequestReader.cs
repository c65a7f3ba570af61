using System.Globalization;
using System.Text;

namespace SmsPortal.Tests.Outbound.Gateways;

/// <summary>
/// Reads HTTP/1.1 requests off a raw stream, one after another on a kept-alive connection: the head, then the body
/// by <c>Content-Length</c> or chunked (.NET sends JSON content chunked).
/// </summary>
internal sealed class HttpRequestReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>The next request's body, or null when the client closed the connection.</summary>
    public async Task<string?> ReadBodyAsync(CancellationToken cancellationToken)
    {
        var head = await ReadLineAsync(cancellationToken);
        if (head is null)
        {
            return null;
        }
        long? length = null;
        var chunked = false;
        string? line;
        while (!string.IsNullOrEmpty(line = await ReadLineAsync(cancellationToken)))
        {
            var colon = line.IndexOf(':');
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(value, CultureInfo.InvariantCulture);
            }
            chunked |= name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        }
        var body = new MemoryStream();
        if (chunked)
        {
            while (await ReadLineAsync(cancellationToken) is { } size && int.Parse(size.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var count and > 0)
            {
                await CopyAsync(body, count, cancellationToken);
                await ReadLineAsync(cancellationToken);
            }
            await ReadLineAsync(cancellationToken);
        }
        else if (length is > 0)
        {
            await CopyAsync(body, length.Value, cancellationToken);
        }
        return Encoding.UTF8.GetString(body.ToArray());
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Length == 0 ? null : throw new IOException("The connection ended inside a line.");
            }
            var b = _buffer[_start++];
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }
            line.Append((char)b);
        }
    }

    private async Task CopyAsync(MemoryStream target, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new IOException("The connection ended inside a body.");
            }
            var take = (int)Math.Min(count, _end - _start);
            target.Write(_buffer, _start, take);
            _start += take;
            count -= take;
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}

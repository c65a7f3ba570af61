// The physical limit of one webhook delivery on this machine, for bench/webhooks.sh (TARGET=bare): Kestrel reads the
// body into a pooled buffer, checks its HMAC-SHA256 against X-Signature in constant time and answers the same JSON
// as SmsPortal does. Nothing is parsed or stored.
// Usage: BareHook <port> <secret>
using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;

var (port, secret) = (int.Parse(args[0]), Encoding.UTF8.GetBytes(args[1]));
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
var app = builder.Build();
var accepted = Encoding.UTF8.GetBytes("""{"status":"accepted","messageId":"msg_bare"}""");

app.MapPost("/hooks/sms/{endpointId}", async (HttpContext context) =>
{
    var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024 + 1);
    try
    {
        int length = 0, read;
        while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(length))) > 0)
        {
            length += read;
        }
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(secret, buffer.AsSpan(0, length), expected);
        Span<byte> given = stackalloc byte[32];
        var header = context.Request.Headers["X-Signature"].ToString();
        var valid = header.Length == 64 && Convert.FromHexString(header, given, out _, out _) == System.Buffers.OperationStatus.Done
            && CryptographicOperations.FixedTimeEquals(expected, given);
        context.Response.StatusCode = valid ? 200 : 401;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(valid ? accepted : "{}"u8.ToArray());
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }
});
app.Run();

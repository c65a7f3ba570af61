using System.Net;
using SmsPortal.Egress;
using SmsPortal.Outbound.Gateways;

namespace SmsPortal.Tests.Egress;

public sealed class AddressRangesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::1")]
    public void IsPublic_InwardAddress_False(string address) => Assert.False(AddressRanges.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b::808:808")]
    public void IsPublic_PublicAddress_True(string address) => Assert.True(AddressRanges.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://10.0.0.5:8080/admin/x#", "messages", "http://10.0.0.5:8080/admin/x/messages")]
    [InlineData("http://10.0.0.5:8080/admin/x?y=1", "messages", "http://10.0.0.5:8080/admin/x/messages")]
    [InlineData("https://api.twilio.com", "2010-04-01/Accounts/AC1/Messages.json", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json")]
    [InlineData("https://sms.example.com/api/", "/messages", "https://sms.example.com/api/messages")]
    public void Combine_BaseWithQueryOrFragment_PathAppendedNotSwallowed(string baseUrl, string path, string expected) =>
        Assert.Equal(expected, GatewayHttp.Combine(baseUrl, path).AbsoluteUri);

    [Fact]
    public async Task ReadCapped_EndlessBody_StopsAtTheCap()
    {
        using var content = new StreamContent(new EndlessStream());

        var text = await CappedContent.ReadAsStringAsync(content, 1024, CancellationToken.None);

        Assert.Equal(new string('a', 1024), text);
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'a', offset, count);
            return count;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

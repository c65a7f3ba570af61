using Microsoft.Extensions.Options;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Outbound.Gateways;

public sealed class GatewayOptionsTests
{
    public static TheoryData<GatewayType, string> MissingSettings => new()
    {
        { GatewayType.Generic, "Gateway:BaseUrl is required for the generic gateway." },
        { GatewayType.SmsGate, "Gateway:Username is required for SMSGate." },
        { GatewayType.SmsGate, "Gateway:Password is required for SMSGate." },
        { GatewayType.Textbee, "Gateway:ApiKey is required for textbee." },
        { GatewayType.Textbee, "Gateway:DeviceId is required for textbee." },
        { GatewayType.HttpSms, "Gateway:ApiKey is required for httpSMS." },
        { GatewayType.HttpSms, "Gateway:From is required for httpSMS." },
        { GatewayType.Twilio, "Gateway:AccountSid is required for Twilio." },
        { GatewayType.Twilio, "Gateway:AuthToken is required for Twilio." },
        { GatewayType.Twilio, "Gateway:From or Gateway:MessagingServiceSid is required for Twilio." },
    };

    [Theory]
    [MemberData(nameof(MissingSettings))]
    public void Problems_SettingMissing_NamesTheSetting(GatewayType type, string expected)
    {
        var options = new GatewayOptions { Type = type };

        Assert.Contains(expected, options.Problems());
        Assert.False(options.IsConfigured);
    }

    public static TheoryData<GatewayOptions> Complete => new()
    {
        new GatewayOptions { Type = GatewayType.Generic, BaseUrl = "https://gateway.example.com" },
        new GatewayOptions { Type = GatewayType.SmsGate, Username = "u", Password = "p" },
        new GatewayOptions { Type = GatewayType.Textbee, ApiKey = "k", DeviceId = "d" },
        new GatewayOptions { Type = GatewayType.HttpSms, ApiKey = "k", From = "+18005550199" },
        new GatewayOptions { Type = GatewayType.Twilio, AccountSid = "AC1", AuthToken = "t", From = "+18005550199" },
        new GatewayOptions { Type = GatewayType.Twilio, AccountSid = "AC1", AuthToken = "t", MessagingServiceSid = "MG1" },
    };

    [Theory]
    [MemberData(nameof(Complete))]
    public void IsConfigured_EverySettingTheTypeNeeds_True(GatewayOptions options)
    {
        Assert.Empty(options.Problems());
        Assert.True(options.IsConfigured);
    }

    [Fact]
    public void IsConfigured_None_FalseWithoutProblems()
    {
        var options = new GatewayOptions();

        Assert.Empty(options.Problems());
        Assert.False(options.IsConfigured);
    }

    [Theory]
    [InlineData(GatewayType.SmsGate, "https://api.sms-gate.app")]
    [InlineData(GatewayType.Textbee, "https://api.textbee.dev")]
    [InlineData(GatewayType.HttpSms, "https://api.httpsms.com")]
    [InlineData(GatewayType.Twilio, "https://api.twilio.com")]
    public void EffectiveBaseUrl_NotSet_PublicCloud(GatewayType type, string expected)
    {
        Assert.Equal(expected, new GatewayOptions { Type = type }.EffectiveBaseUrl);
        Assert.Equal("https://self-hosted.example.com", new GatewayOptions { Type = type, BaseUrl = " https://self-hosted.example.com " }.EffectiveBaseUrl);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://gateway.example.com")]
    [InlineData("/relative")]
    public void Problems_BaseUrlNotHttp_Named(string baseUrl)
    {
        var options = new GatewayOptions { Type = GatewayType.Textbee, ApiKey = "k", DeviceId = "d", BaseUrl = baseUrl };

        Assert.Equal(["Gateway:BaseUrl must be an absolute http(s) URL."], options.Problems());
    }

    [Fact]
    public async Task AppStart_TextbeeWithoutDeviceId_RefusedNamingTheSetting()
    {
        await using var app = new TestApp(settings: new()
        {
            ["Gateway:Type"] = "Textbee",
            ["Gateway:ApiKey"] = "k",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateHttpClient());

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.Single() : error);
        Assert.Contains("Gateway:DeviceId is required for textbee.", validation.Failures);
    }
}

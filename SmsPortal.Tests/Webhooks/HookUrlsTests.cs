using Microsoft.Extensions.Options;
using SmsPortal.Endpoints;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Webhooks;

public sealed class HookUrlsTests
{
    [Fact]
    public void For_PublicBaseConfigured_UsesItInsteadOfTheRequestBase()
    {
        var urls = new HookUrls(Options.Create(new WebhookOptions { PublicBaseUrl = "https://sms.example.com/" }));

        Assert.Equal("https://sms.example.com/hooks/sms/ep_1", urls.For("/hooks/sms/ep_1", "http://localhost:5000/"));
    }

    [Fact]
    public void For_NoPublicBase_UsesTheBaseThePortalWasOpenedAt()
    {
        var urls = new HookUrls(Options.Create(new WebhookOptions()));

        Assert.Equal("http://localhost:5000/portal/hooks/sms/ep_1", urls.For("/hooks/sms/ep_1", "http://localhost:5000/portal/"));
    }
}

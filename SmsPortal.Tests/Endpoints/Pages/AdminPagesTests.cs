using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using SmsPortal.Audit.Pages;
using SmsPortal.Webhooks.Pages;
using SmsPortal.Endpoints.Pages;
using SmsPortal.Team;

namespace SmsPortal.Tests.Endpoints.Pages;

public sealed class AdminPagesTests
{
    [Theory]
    [InlineData(typeof(EndpointsPage), "/endpoints")]
    [InlineData(typeof(DeliveryLogPage), "/deliveries")]
    [InlineData(typeof(AuditLogPage), "/audit")]
    public void Page_Route_RequiresTheAdminPolicy(Type page, string route)
    {
        Assert.Equal(route, page.GetCustomAttribute<RouteAttribute>()?.Template);
        Assert.Equal(Policies.Admin, page.GetCustomAttribute<AuthorizeAttribute>()?.Policy);
    }
}

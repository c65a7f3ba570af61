using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using SmsPortal.Components.Pages.Audit;
using SmsPortal.Components.Pages.Deliveries;
using SmsPortal.Components.Pages.Endpoints;
using SmsPortal.Team;

namespace SmsPortal.Tests.Components.Endpoints;

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

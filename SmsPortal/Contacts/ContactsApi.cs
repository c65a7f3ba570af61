using SmsPortal.Contacts;
using SmsPortal.Team;

namespace Microsoft.AspNetCore.Routing;

public static class ContactsApi
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/contacts").WithTags("Contacts").RequireAuthorization(Policies.Admin);
        contacts.MapGet("/export.csv", Export)
            .WithName("ExportContacts")
            .WithSummary("The workspace's contacts as CSV (optionally filtered like the contacts page); Owners and Admins.");
        return app;
    }

    private static async Task<IResult> Export(HttpContext context, ContactExport export, MemberAccess access, string? search, string? tag, bool? optedOut)
    {
        if (await access.CurrentAsync(context, WorkspaceRole.Admin) is not { } user)
        {
            return MemberAccess.Refused();
        }
        var filter = new ContactQuery { Search = search, Tag = tag, OptedOut = optedOut };
        return TypedResults.Stream(
            stream => export.WriteCsvAsync(user.WorkspaceId, filter, stream, context.RequestAborted),
            "text/csv; charset=utf-8",
            $"contacts-{DateTime.UtcNow:yyyyMMdd}.csv");
    }
}

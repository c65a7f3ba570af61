using Microsoft.AspNetCore.Http.HttpResults;
using SmsPortal.Contacts;
using SmsPortal.Team;

namespace Microsoft.AspNetCore.Routing;

public static class ContactsApi
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/contacts").WithTags("Contacts").RequireWorkspaceMember(WorkspaceRole.Admin);
        contacts.MapGet("/export.csv", Export)
            .WithName("ExportContacts")
            .WithSummary("The workspace's contacts as CSV (optionally filtered like the contacts page); Owners and Admins.");
        return app;
    }

    private static PushStreamHttpResult Export(HttpContext context, ContactExport export, TimeProvider time, string? search, string? tag, bool? optedOut)
    {
        var member = context.WorkspaceMember();
        var filter = new ContactQuery { Search = search, Tag = tag, OptedOut = optedOut };
        return TypedResults.Stream(
            stream => export.WriteCsvAsync(member.WorkspaceId, member.Actor, filter, stream, context.RequestAborted),
            "text/csv; charset=utf-8",
            $"contacts-{time.GetUtcNow():yyyyMMdd}.csv");
    }
}

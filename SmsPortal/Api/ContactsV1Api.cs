using Microsoft.AspNetCore.Http.HttpResults;
using SmsPortal.Api;
using SmsPortal.ApiKeys;
using SmsPortal.Contacts;

namespace Microsoft.AspNetCore.Routing;

internal static class ContactsV1Api
{
    public static void MapContactsV1Api(this RouteGroupBuilder v1)
    {
        var contacts = v1.MapGroup("/contacts").WithTags("Contacts");
        contacts.MapGet("", ListAsync).RequireScope(ApiScopes.ContactsRead)
            .WithName("ListContacts").WithSummary("List or search contacts, by number")
            .WithDescription("search matches the number, the name or recent message text; tag and optedOut filter; page with cursor.");
        contacts.MapGet("/{id:guid}", GetAsync).RequireScope(ApiScopes.ContactsRead)
            .WithName("GetContact").WithSummary("A contact (its ETag is what PATCH's If-Match compares)");
        contacts.MapPost("", CreateAsync).RequireScope(ApiScopes.ContactsWrite)
            .WithName("CreateContact").WithSummary("Add a contact");
        contacts.MapPatch("/{id:guid}", UpdateAsync).RequireScope(ApiScopes.ContactsWrite)
            .WithName("UpdateContact").WithSummary("Change a contact's name or tags")
            .WithDescription("Send If-Match with the ETag you read: a contact changed since then is refused with 412.");
        contacts.MapPost("/{id:guid}/opt-out", (HttpContext c, ContactService s, ApiContacts q, Guid id, CancellationToken ct) => SetOptOutAsync(c, s, q, id, true, ct))
            .RequireScope(ApiScopes.ContactsWrite).WithName("OptOutContact").WithSummary("Opt a contact out: nothing is sent to them any more (audited)");
        contacts.MapPost("/{id:guid}/opt-in", (HttpContext c, ContactService s, ApiContacts q, Guid id, CancellationToken ct) => SetOptOutAsync(c, s, q, id, false, ct))
            .RequireScope(ApiScopes.ContactsWrite).WithName("OptInContact").WithSummary("Opt a contact back in (audited)");
        contacts.MapDelete("/{id:guid}", DeleteAsync).RequireScope(ApiScopes.ContactsWrite)
            .WithName("DeleteContact").WithSummary("Delete a contact and its whole conversation (audited)");
    }

    private static async Task<Ok<ApiPage<ApiContact>>> ListAsync(
        HttpContext context, ApiContacts contacts, string? search, string? tag, bool? optedOut, string? cursor, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await contacts.ListAsync(context.ApiKey(), search, tag, optedOut, cursor, limit, cancellationToken));

    private static async Task<Results<Ok<ApiContact>, ProblemHttpResult>> GetAsync(HttpContext context, ApiContacts contacts, Guid id, CancellationToken cancellationToken)
    {
        if (await contacts.GetAsync(context.ApiKey(), id, cancellationToken) is not { } contact)
        {
            return ApiProblems.NotFound($"Contact '{id}'");
        }
        context.Response.Headers.ETag = ApiContacts.ETagOf(contact);
        return TypedResults.Ok(contact);
    }

    private static async Task<Created<ApiContact>> CreateAsync(
        HttpContext context, ContactRecords records, ApiContacts contacts, CreateContactRequest request, CancellationToken cancellationToken)
    {
        var key = context.ApiKey();
        var id = await records.CreateAsync(key.WorkspaceId, request.Number, request.Name, request.Tags ?? [], cancellationToken);
        var contact = (await contacts.GetAsync(key, id, cancellationToken))!;
        context.Response.Headers.ETag = ApiContacts.ETagOf(contact);
        return TypedResults.Created($"/api/v1/contacts/{id}", contact);
    }

    private static async Task<Results<Ok<ApiContact>, ProblemHttpResult>> UpdateAsync(
        HttpContext context, ContactService service, ApiContacts contacts, Guid id, UpdateContactRequest request, CancellationToken cancellationToken)
    {
        // Checked before anything changes, so a refused request changes nothing.
        _ = ContactService.CleanName(request.Name);
        _ = request.Tags?.Select(ContactService.CleanTag).ToList();
        var key = context.ApiKey();
        var workspaceId = key.WorkspaceId;
        if (await contacts.GetAsync(key, id, cancellationToken) is not { } current)
        {
            return ApiProblems.NotFound($"Contact '{id}'");
        }
        if (!ApiETag.Matches(context.Request, ApiContacts.ETagOf(current)))
        {
            return ApiProblems.PreconditionFailed();
        }
        if (request.Name is not null)
        {
            await service.RenameAsync(workspaceId, id, request.Name, cancellationToken);
        }
        if (request.Tags is { } tags)
        {
            foreach (var tag in tags.Where(t => !current.Tags.Contains(t.Trim())))
            {
                await service.AddTagAsync(workspaceId, id, tag, cancellationToken);
            }
            foreach (var tag in current.Tags.Where(t => !tags.Select(n => n.Trim()).Contains(t)))
            {
                await service.RemoveTagAsync(workspaceId, id, tag, cancellationToken);
            }
        }
        return await GetAsync(context, contacts, id, cancellationToken);
    }

    private static async Task<Results<Ok<ApiContact>, ProblemHttpResult>> SetOptOutAsync(
        HttpContext context, ContactService service, ApiContacts contacts, Guid id, bool optedOut, CancellationToken cancellationToken)
    {
        var key = context.ApiKey();
        if (await contacts.GetAsync(key, id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"Contact '{id}'");
        }
        await service.SetOptOutAsync(key.WorkspaceId, key.Actor, id, optedOut, cancellationToken);
        return await GetAsync(context, contacts, id, cancellationToken);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext context, ContactRecords records, ApiContacts contacts, Guid id, CancellationToken cancellationToken)
    {
        var key = context.ApiKey();
        if (await contacts.GetAsync(key, id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"Contact '{id}'");
        }
        await records.DeleteAsync(key.WorkspaceId, key.Actor, id, cancellationToken);
        return TypedResults.NoContent();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmsPortal.ApiKeys;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Api;

/// <summary>Contacts, conversations and rules over /api/v1: the same services as the portal, with ETags where things are edited.</summary>
public sealed class ContactsAndRulesApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Contact_CreateEditWithIfMatch_OptOutAudited_Delete()
    {
        var endpoint = await app.CreateEndpointAsync();
        using var client = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.ContactsRead, ApiScopes.ContactsWrite);

        var created = await client.PostAsJsonAsync("/api/v1/contacts", new { number = "+1 555 000 7777", name = "Ada", tags = new[] { "vip" } });
        var contact = await created.JsonAsync();
        var id = contact.GetProperty("id").GetString();
        var etag = created.Headers.ETag!.ToString();
        var duplicate = await client.PostAsJsonAsync("/api/v1/contacts", new { number = "+15550007777" });
        var edited = await client.SendAsync(Patch($"/api/v1/contacts/{id}", new { name = "Ada King", tags = new[] { "newsletter" } }, etag));
        var stale = await client.SendAsync(Patch($"/api/v1/contacts/{id}", new { name = "Lost update" }, etag));
        var optedOut = await (await client.PostAsync($"/api/v1/contacts/{id}/opt-out", null)).JsonAsync();
        var found = await (await client.GetAsync("/api/v1/contacts?search=7777")).JsonAsync();
        var deleted = await client.DeleteAsync($"/api/v1/contacts/{id}");
        var gone = await client.GetAsync($"/api/v1/contacts/{id}");

        Assert.Equal("+15550007777", contact.GetProperty("number").GetString());
        await duplicate.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var after = await edited.JsonAsync();
        Assert.Equal(("Ada King", "newsletter"), (after.GetProperty("name").GetString(), after.GetProperty("tags")[0].GetString()));
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.True(optedOut.GetProperty("optedOut").GetBoolean());
        Assert.Equal(1, found.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await gone.ProblemAsync(HttpStatusCode.NotFound);
        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.Where(a => a.WorkspaceId == endpoint.WorkspaceId && a.Target == "+15550007777").Select(a => new { a.Action, a.Actor }).ToListAsync();
        Assert.Equal(["contact.opted_out", "contact.deleted"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.StartsWith("api key test key (smsp_", a.Actor));
    }

    [Fact]
    public async Task Contact_RefusedCreateOrEdit_ChangesNothing()
    {
        var endpoint = await app.CreateEndpointAsync();
        using var client = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.ContactsRead, ApiScopes.ContactsWrite);

        var longTag = await client.PostAsJsonAsync("/api/v1/contacts", new { number = "+15550006001", name = "Ada", tags = new[] { "ok", new string('t', 500) } });
        var nulName = await client.PostAsJsonAsync("/api/v1/contacts", new { number = "+15550006002", name = "A\0da" });
        var longNumber = await client.PostAsJsonAsync("/api/v1/contacts", new { number = "+1" + new string('5', 40) });
        var created = await client.PostAsJsonAsync("/api/v1/contacts", new { number = "+15550006003", name = "Grace", tags = new[] { "vip" } });
        var id = (await created.JsonAsync()).GetProperty("id").GetString();
        var badEdit = await client.SendAsync(Patch($"/api/v1/contacts/{id}", new { name = "Grace Hopper", tags = new[] { "new", " " } }, created.Headers.ETag!.ToString()));

        Assert.Contains("tag", (await longTag.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString());
        Assert.Contains("NUL", (await nulName.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        await longNumber.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await badEdit.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await using var db = app.CreateDbContext();
        var contacts = await db.Contacts.Where(c => c.WorkspaceId == endpoint.WorkspaceId).Select(c => new { c.Number, c.Name }).ToListAsync();
        Assert.Equal([new { Number = "+15550006003", Name = (string?)"Grace" }], contacts);
        var tags = await db.ContactTags.Where(t => t.WorkspaceId == endpoint.WorkspaceId).Select(t => t.Tag).ToListAsync();
        Assert.Equal(["vip"], tags);
    }

    [Fact]
    public async Task Conversation_MessagesAndMarkRead()
    {
        var endpoint = await app.CreateEndpointAsync();
        await app.SendAsync(endpoint, "conv-1", "first", "+15550008888");
        await app.SendAsync(endpoint, "conv-2", "second", "+15550008888");
        await app.WaitUntilProcessedAsync(endpoint, 2);
        using var client = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesRead);

        var unread = await (await client.GetAsync("/api/v1/conversations?unread=true")).JsonAsync();
        var id = unread.GetProperty("data")[0].GetProperty("id").GetString();
        var detail = await (await client.GetAsync($"/api/v1/conversations/{id}?limit=1")).JsonAsync();
        var read = await client.PostAsync($"/api/v1/conversations/{id}/read", null);
        var after = await (await client.GetAsync("/api/v1/conversations?unread=true")).JsonAsync();

        Assert.Equal(2, unread.GetProperty("data")[0].GetProperty("unreadCount").GetInt32());
        Assert.Equal("second", detail.GetProperty("messages").GetProperty("data")[0].GetProperty("text").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, detail.GetProperty("messages").GetProperty("nextCursor").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal(0, after.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Rules_ReplaceWithExportedJson_InvalidChangesNothing_TestConsoleSendsNothing()
    {
        var endpoint = await app.CreateEndpointAsync();
        using var client = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.RulesRead, ApiScopes.RulesWrite);
        var current = await client.GetAsync("/api/v1/rules");
        var document = System.Text.Json.Nodes.JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        var rule = TestRules.Rule("hours", [TestRules.FirstWord("HOURS")], new SmsPortal.Rules.Model.ReplyAction("9 to 5"));
        document["rules"] = new System.Text.Json.Nodes.JsonArray(System.Text.Json.Nodes.JsonNode.Parse(SmsPortal.Rules.Model.RuleSetSerializer.SerializeRule(rule)));

        var replaced = await client.SendAsync(Put("/api/v1/rules", document.ToJsonString(), current.Headers.ETag!.ToString()));
        var stale = await client.SendAsync(Put("/api/v1/rules", document.ToJsonString(), current.Headers.ETag!.ToString()));
        var invalid = await client.SendAsync(Put("/api/v1/rules", """{"schemaVersion":1,"rules":[{"id":"x","name":"","conditions":[],"actions":[]}]}""", null));
        var test = await (await client.PostAsJsonAsync("/api/v1/rules/test", new { message = "hours?", sender = "+15550009999" })).JsonAsync();
        var after = await (await client.GetAsync("/api/v1/rules")).JsonAsync();

        Assert.Equal("hours", (await replaced.JsonAsync()).GetProperty("rules")[0].GetProperty("id").GetString());
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.True((await invalid.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetArrayLength() > 0);
        Assert.Equal("hours", after.GetProperty("rules")[0].GetProperty("id").GetString());
        Assert.Equal("Reply", test.GetProperty("activations")[0].GetProperty("actions")[0].GetProperty("kind").GetString());
        Assert.Empty(await app.OutboxAsync(endpoint));
    }

    private static HttpRequestMessage Patch(string path, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    private static HttpRequestMessage Put(string path, string json, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return request;
    }
}

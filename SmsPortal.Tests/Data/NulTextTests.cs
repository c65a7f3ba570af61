using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Endpoints;
using SmsPortal.RuleSets;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Data;

/// <summary>
/// A NUL character, which PostgreSQL cannot store or even compare, typed or pasted into the portal: refused as the
/// user's error with nothing written, or ignored by a search, the same on every provider.
/// </summary>
public sealed class NulTextTests
{
    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Save_TextWithNul_RefusedAsUserInput_NothingWritten(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings());
        var endpoint = await app.CreateEndpointAsync();
        var endpoints = app.Services.GetRequiredService<EndpointService>();
        var contacts = app.Services.GetRequiredService<ContactService>();
        await app.SendAsync(endpoint, "nul-1", "hello", "+15550004001");
        await app.WaitUntilProcessedAsync(endpoint, 1);
        await using var read = app.CreateDbContext();
        var contactId = await read.Contacts.Where(c => c.WorkspaceId == endpoint.WorkspaceId).Select(c => c.Id).SingleAsync();

        var endpointRefused = await Assert.ThrowsAsync<UserInputException>(() =>
            endpoints.CreateAsync(endpoint.WorkspaceId, Actor.Cli(), "Front\0desk", "second line"));
        var renameRefused = await Assert.ThrowsAsync<UserInputException>(() => contacts.RenameAsync(endpoint.WorkspaceId, contactId, "Ada\0"));
        var noteRefused = await Assert.ThrowsAsync<UserInputException>(() =>
            endpoints.CreateAsync(endpoint.WorkspaceId, Actor.Cli(), "Front desk", "a\0b"));

        Assert.Contains("NUL", endpointRefused.Message);
        Assert.Contains("NUL", renameRefused.Message);
        Assert.Contains("Description", noteRefused.Message);
        await using var db = app.CreateDbContext();
        Assert.Equal(["Main"], await db.Endpoints.Where(e => e.WorkspaceId == endpoint.WorkspaceId).Select(e => e.Name).ToListAsync());
        Assert.Null(await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Name).SingleAsync());
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Import_NulInTheComplianceReplies_RefusedWhole_RulesUnchanged(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings());
        var endpoint = await app.CreateEndpointAsync();
        var rules = app.Services.GetRequiredService<RuleService>();
        var before = await rules.ExportAsync(endpoint.WorkspaceId);
        var document = JsonNode.Parse(before)!.AsObject();
        document["rules"] = new JsonArray(JsonNode.Parse("""
            {"id":"hours","name":"Hours","conditions":[{"type":"keyword","value":"HOURS"}],"actions":[{"type":"reply","text":"9 to 5"}]}
            """));
        var compliance = document["compliance"] as JsonObject ?? [];
        compliance["helpReply"] = "Help\0";
        document["compliance"] = compliance;

        var refused = await Assert.ThrowsAsync<UserInputException>(() => rules.ImportAsync(endpoint.WorkspaceId, document.ToJsonString(), Actor.Cli()));

        Assert.Contains("NUL", refused.Message);
        Assert.Equal(before, await rules.ExportAsync(endpoint.WorkspaceId));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Search_WithNul_IgnoresIt(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings());
        var endpoint = await app.CreateEndpointAsync();
        await app.SendAsync(endpoint, "nul-search-1", "opening hours?", "+15550004002");
        await app.WaitUntilProcessedAsync(endpoint, 1);

        var contacts = await app.Services.GetRequiredService<ContactService>().ListAsync(
            endpoint.WorkspaceId, Actor.Cli(), new ContactQuery { Search = "4002\0", Page = 1, PageSize = 25 });
        var tagged = await app.Services.GetRequiredService<ContactService>().ListAsync(
            endpoint.WorkspaceId, Actor.Cli(), new ContactQuery { Tag = "vip\0", Page = 1, PageSize = 25 });
        var log = await app.Services.GetRequiredService<DeliveryLogQueries>().ListAsync(
            endpoint.WorkspaceId, new DeliveryLogFilter(Search: "nul-search-1\0"), page: 0, pageSize: 25);

        Assert.Equal(["+15550004002"], contacts.Items.Select(c => c.Number));
        Assert.Empty(tagged.Items);
        Assert.Equal(1, log.TotalCount);
    }
}

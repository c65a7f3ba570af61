using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.ApiKeys;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Team;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Api;

/// <summary>
/// A key that acts as a member sees over /api/v1 exactly what that member sees in the portal ("Agents see only their own
/// and unassigned"), on every conversation, message and contact route; a key tied to no person sees the whole workspace.
/// </summary>
public sealed class ApiAgentVisibilityTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>What a route showed: the conversations (by name) a list held, or the status of a request about B's conversation.</summary>
    private sealed record Route(string Method, string Pattern, Func<World, HttpRequestMessage> Request, bool IsList, string AgentSees, string WorkspaceSees);

    private sealed record World(Contact Mine, Contact Theirs, Contact Free, string TheirInboundId, string TheirOutboundId)
    {
        public string Name(Guid id) => id == Mine.Id ? "mine" : id == Theirs.Id ? "theirs" : id == Free.Id ? "free" : id.ToString();
    }

    private const string All = "free,mine,theirs";
    private const string Own = "free,mine";

    private static readonly Route[] Routes =
    [
        new("GET", "/api/v1/conversations", _ => Get("/api/v1/conversations"), true, Own, All),
        new("GET", "/api/v1/conversations/{id:guid}", w => Get($"/api/v1/conversations/{w.Theirs.Id}"), false, "404", "200"),
        new("POST", "/api/v1/conversations/{id:guid}/read", w => new(HttpMethod.Post, $"/api/v1/conversations/{w.Theirs.Id}/read"), false, "404", "204"),
        new("GET", "/api/v1/messages", _ => Get("/api/v1/messages"), true, Own, All),
        new("GET", "/api/v1/messages?contactId", w => Get($"/api/v1/messages?contactId={w.Theirs.Id}"), true, "", "theirs"),
        new("GET", "/api/v1/messages/{id}", w => Get($"/api/v1/messages/{w.TheirInboundId}"), false, "404", "200"),
        new("GET", "/api/v1/messages/{id} (outbound)", w => Get($"/api/v1/messages/{w.TheirOutboundId}"), false, "404", "200"),
        new("GET", "/api/v1/contacts", _ => Get("/api/v1/contacts"), true, Own, All),
        new("GET", "/api/v1/contacts?search", w => Get($"/api/v1/contacts?search={Uri.EscapeDataString(w.Theirs.Number)}"), true, "", "theirs"),
        new("GET", "/api/v1/contacts?search (text)", _ => Get("/api/v1/contacts?search=invoice"), true, Own, All),
        new("GET", "/api/v1/contacts/{id:guid}", w => Get($"/api/v1/contacts/{w.Theirs.Id}"), false, "404", "200"),
        new("PATCH", "/api/v1/contacts/{id:guid}", w => new(HttpMethod.Patch, $"/api/v1/contacts/{w.Theirs.Id}") { Content = JsonContent.Create(new { name = "Renamed" }) }, false, "404", "200"),
        new("POST", "/api/v1/contacts/{id:guid}/opt-out", w => new(HttpMethod.Post, $"/api/v1/contacts/{w.Theirs.Id}/opt-out"), false, "404", "200"),
        new("POST", "/api/v1/contacts/{id:guid}/opt-in", w => new(HttpMethod.Post, $"/api/v1/contacts/{w.Theirs.Id}/opt-in"), false, "404", "200"),
        // Last: the workspace key really deletes B's conversation.
        new("DELETE", "/api/v1/contacts/{id:guid}", w => new(HttpMethod.Delete, $"/api/v1/contacts/{w.Theirs.Id}"), false, "404", "204"),
    ];

    /// <summary>
    /// Creating shows nothing that exists: a new contact, or a message to a number (which writes into that number's
    /// conversation, so <see cref="SendByNumber_AgentKeyOnlyIntoConversationsTheAgentSees"/> covers it).
    /// </summary>
    private static readonly string[] Creating = ["POST /api/v1/messages", "POST /api/v1/contacts"];

    [Fact]
    public void Table_CoversEveryConversationMessageAndContactRoute()
    {
        var mapped = ApiScopeTests.ApiRoutes(app)
            .Where(r => r.Pattern.StartsWith("/api/v1/conversations") || r.Pattern.StartsWith("/api/v1/messages") || r.Pattern.StartsWith("/api/v1/contacts"))
            .Select(r => $"{r.Method} {r.Pattern}").Except(Creating).Order().ToList();

        Assert.Equal(mapped, Routes.Select(r => $"{r.Method} {r.Pattern.Split(' ', '?')[0]}").Distinct().Order().ToList());
    }

    [Fact]
    public async Task EveryRoute_AgentKeySeesOwnAndUnassigned_WorkspaceKeySeesAll()
    {
        var (team, world) = await WorldAsync();
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        using var agent = app.ApiClient((await keys.CreateAsync(team.WorkspaceId, team.Owner, "agent", [ApiScopes.Admin], actsAsUserId: team.AgentA.UserId)).Key);
        using var workspace = app.ApiClient((await keys.CreateAsync(team.WorkspaceId, team.Owner, "workspace", [ApiScopes.Admin])).Key);

        var wrong = new List<string>();
        foreach (var (client, name) in new[] { (agent, "agent"), (workspace, "workspace") })
        {
            foreach (var route in Routes)
            {
                var seen = await SeenAsync(client, route, world);
                var expected = name == "agent" ? route.AgentSees : route.WorkspaceSees;
                if (seen != expected)
                {
                    wrong.Add($"{route.Method} {route.Pattern} with the {name} key: saw '{seen}', expected '{expected}'");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task SendByNumber_AgentKeyOnlyIntoConversationsTheAgentSees()
    {
        var (team, world) = await WorldAsync();
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        using var agent = app.ApiClient((await keys.CreateAsync(team.WorkspaceId, team.Owner, "agent", [ApiScopes.Admin], actsAsUserId: team.AgentA.UserId)).Key);
        using var workspace = app.ApiClient((await keys.CreateAsync(team.WorkspaceId, team.Owner, "workspace", [ApiScopes.Admin])).Key);
        Task<HttpResponseMessage> Send(HttpClient client, string to) => client.PostAsJsonAsync("/api/v1/messages", new { to, text = "hello" });

        using var intoTheirs = await Send(agent, world.Theirs.Number);
        using var intoMine = await Send(agent, world.Mine.Number);
        using var toANewNumber = await Send(agent, "+15550208888");
        using var workspaceIntoTheirs = await Send(workspace, world.Theirs.Number);

        var refused = await intoTheirs.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("That conversation was not found.", refused.GetProperty("detail").GetString());
        Assert.Equal(
            (HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created),
            (intoMine.StatusCode, toANewNumber.StatusCode, workspaceIntoTheirs.StatusCode));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, db.OutboundMessages.Count(m => m.ContactId == world.Theirs.Id && m.Text == "hello"));
    }

    [Fact]
    public async Task RoleChangeAndRemoval_ApplyToTheNextRequest()
    {
        var (team, _) = await WorldAsync();
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync(team.WorkspaceId, team.Owner, "agent", [ApiScopes.MessagesRead], actsAsUserId: team.AgentA.UserId);
        using var client = app.ApiClient(created.Key);
        var members = app.Services.GetRequiredService<TeamService>();

        var asAgent = await ConversationsAsync(client);
        await members.ChangeRoleAsync(team.WorkspaceId, team.Owner, team.AgentA.UserId!, WorkspaceRole.Admin);
        var asAdmin = await ConversationsAsync(client);
        await members.ChangeRoleAsync(team.WorkspaceId, team.Owner, team.AgentA.UserId!, WorkspaceRole.Agent);
        var demoted = await ConversationsAsync(client);
        var listed = (await keys.ListAsync(team.WorkspaceId)).Single(k => k.Id == created.Summary.Id);
        await members.RemoveMemberAsync(team.WorkspaceId, team.Owner, team.AgentA.UserId!);
        var removed = await client.GetAsync("/api/v1/conversations");
        var listedAfter = (await keys.ListAsync(team.WorkspaceId)).Single(k => k.Id == created.Summary.Id);

        Assert.Equal((2, 3, 2), (asAgent, asAdmin, demoted));
        Assert.Equal(await team.EmailAsync(team.AgentA), listed.ActsAs);
        var problem = await removed.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("no longer a member", problem.GetProperty("detail").GetString());
        Assert.Equal("(no longer a member)", listedAfter.ActsAs);
    }

    [Fact]
    public async Task ActsAs_OnlyAMemberOfThisTeam_AndOnlyAnAdminMayCreateIt()
    {
        var (team, _) = await WorldAsync();
        var other = await app.CreateEndpointAsync();
        var outsider = await app.MemberAsync(other.WorkspaceId, "Outsider", WorkspaceRole.Agent);
        var keys = app.Services.GetRequiredService<ApiKeyService>();

        var notMember = await Assert.ThrowsAsync<UserInputException>(() => keys.CreateAsync(team.WorkspaceId, team.Owner, "x", [ApiScopes.MessagesRead], actsAsUserId: outsider.UserId));
        await Assert.ThrowsAsync<UserInputException>(() => keys.CreateAsync(team.WorkspaceId, team.AgentA, "mine", [ApiScopes.MessagesRead], actsAsUserId: team.AgentA.UserId));

        Assert.Contains("member of this team", notMember.Message);
    }

    private async Task<(ConversationTeam Team, World World)> WorldAsync()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var (mine, theirs, free) = await VisibilityTests.ThreeConversationsAsync(team);
        var data = new InboxTestData(app, team.Endpoint);
        string inbound = "", outbound = "";
        foreach (var contact in new[] { mine, theirs, free })
        {
            var reloaded = await team.ReloadAsync(contact.Id);
            var message = await data.InboundAsync(reloaded, "invoice question", InboxTestData.T0);
            var reply = await data.OutboundAsync(reloaded, "invoice answer", InboxTestData.T0.AddMinutes(1));
            (inbound, outbound) = contact.Id == theirs.Id ? (message.Id, reply.Id) : (inbound, outbound);
        }
        await team.SettingsAsync(s => s.AgentsSeeOwnAndUnassigned = true);
        return (team, new World(mine, theirs, free, inbound, outbound));
    }

    private static async Task<string> SeenAsync(HttpClient client, Route route, World world)
    {
        using var response = await client.SendAsync(route.Request(world));
        if (!route.IsList)
        {
            return ((int)response.StatusCode).ToString();
        }
        var page = await response.JsonAsync();
        var ids = page.GetProperty("data").EnumerateArray()
            .Select(item => item.TryGetProperty("contactId", out var contact) ? contact.GetGuid() : item.GetProperty("id").GetGuid());
        return string.Join(',', ids.Select(world.Name).Distinct().Order());
    }

    private static async Task<int> ConversationsAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/conversations")).JsonAsync()).GetProperty("data").GetArrayLength();

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
}

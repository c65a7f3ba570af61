using System.Net;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Contacts;

public sealed class ContactsApiTests(ContactsApiTests.Fixture fixture) : IClassFixture<ContactsApiTests.Fixture>
{
    [Fact]
    public async Task ExportCsv_Anonymous_RedirectedToLogin()
    {
        using var client = NewClient(allowAutoRedirect: false);

        var response = await client.GetAsync("/contacts/export.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ExportCsv_Member_OwnWorkspaceOnlyWithHeader()
    {
        var endpoint = await fixture.App.CreateEndpointAsync();
        var mine = new InboxTestData(fixture.App, endpoint);
        var theirs = new InboxTestData(fixture.App, await fixture.App.CreateEndpointAsync());
        await mine.ContactAsync("+15550000001", "Alice", tags: ["vip", "late"]);
        await mine.ContactAsync("+15550000002", optedOut: true);
        await theirs.ContactAsync("+15550000009", "Not yours");
        using var client = SignedInClientAsync(endpoint.Email);

        var response = await client.GetAsync("/contacts/export.csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("number,name,tags,opted_out,created_at,last_message_at", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("+15550000001,Alice,late;vip,false,2026-11-01T09:00:00Z,", lines[1]);
        Assert.StartsWith("+15550000002,,,true,", lines[2]);
        Assert.DoesNotContain("Not yours", csv);
    }

    [Fact]
    public async Task ExportCsv_Filters_SameAsTheList()
    {
        var endpoint = await fixture.App.CreateEndpointAsync();
        var data = new InboxTestData(fixture.App, endpoint);
        await data.ContactAsync("+15550000001", tags: "vip");
        await data.ContactAsync("+15550000002", optedOut: true);
        using var client = SignedInClientAsync(endpoint.Email);

        var vip = await client.GetStringAsync("/contacts/export.csv?tag=vip");
        var optedOut = await client.GetStringAsync("/contacts/export.csv?optedOut=true");

        Assert.Contains("+15550000001", vip);
        Assert.DoesNotContain("+15550000002", vip);
        Assert.Contains("+15550000002", optedOut);
        Assert.DoesNotContain("+15550000001", optedOut);
    }

    [Fact]
    public async Task ExportCsv_AwkwardNames_QuotedAndFormulasDefused()
    {
        var endpoint = await fixture.App.CreateEndpointAsync();
        var data = new InboxTestData(fixture.App, endpoint);
        await data.ContactAsync("+15550000001", "Smith, \"Jo\"");
        await data.ContactAsync("+15550000002", "=HYPERLINK(\"http://evil\")");
        await data.ContactAsync("+15550000003", "@SUM(A1)");
        await data.ContactAsync("+15550000004", "-1+2");
        await data.ContactAsync("+15550000005", "Line\nbreak");
        await data.ContactAsync("MyBank", "+cmd|' /C calc'!A0");
        using var client = SignedInClientAsync(endpoint.Email);

        var csv = await client.GetStringAsync("/contacts/export.csv");

        Assert.Contains("+15550000001,\"Smith, \"\"Jo\"\"\",", csv);
        Assert.Contains("+15550000002,\"'=HYPERLINK(\"\"http://evil\"\")\",", csv);
        Assert.Contains("+15550000003,'@SUM(A1),", csv);
        Assert.Contains("+15550000004,'-1+2,", csv);
        Assert.Contains("+15550000005,\"Line\nbreak\",", csv);
        Assert.Contains("MyBank,'+cmd|' /C calc'!A0,", csv);
    }

    /// <summary>A client signed in as <paramref name="email"/>, with the claims the real sign-in would give.</summary>
    private HttpClient SignedInClientAsync(string email) => PortalSignIn.AsUser(fixture.App, email);

    private HttpClient NewClient(bool allowAutoRedirect) => PortalSignIn.NewClient(fixture.App, allowAutoRedirect);

    /// <summary>
    /// The app with the cookie (kept for anonymous requests: they are still redirected to the login page) and a
    /// header that signs a test request in as a registered user through the app's own claims factory.
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestApp App { get; } = new(signInByHeader: true);

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}

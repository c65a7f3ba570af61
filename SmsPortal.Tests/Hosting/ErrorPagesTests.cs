using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Hosting;

/// <summary>What a person's browser gets when a page fails, is refused or does not exist: a page that says so, with the status.</summary>
public sealed class ErrorPagesTests
{
    [Fact]
    public async Task UnknownPage_NotFoundPageWith404()
    {
        await using var app = new TestApp();
        using var client = PortalSignIn.NewClient(app, followRedirects: false);

        using var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("there is nothing at this address", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FormPostedWithoutItsAntiforgeryToken_RefusedPageWith400()
    {
        await using var app = new TestApp();
        using var client = PortalSignIn.NewClient(app, followRedirects: false);

        using var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("That request could not be handled (400)", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task PostedFormFails_ErrorPageWith500()
    {
        // The mail sender fails while a form is being answered: a server error in the middle of a POST.
        await using var app = new TestApp(configureServices: s => s.AddSingleton<IEmailSender<AppUser>, FailingSender>());
        var owner = await app.CreateEndpointAsync();
        using var client = PortalSignIn.NewClient(app, followRedirects: false);

        using var response = await PortalForms.PostAsync(client, "/Account/ResendEmailConfirmation", new() { ["Input.Email"] = owner.Email });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("An error occurred while processing your request.", await response.Content.ReadAsStringAsync());
    }

    private sealed class FailingSender : IEmailSender<AppUser>
    {
        public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) => throw new IOException("The mail server is down.");

        public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) => throw new IOException("The mail server is down.");

        public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) => throw new IOException("The mail server is down.");
    }
}

using Microsoft.Playwright;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EndToEnd.Pages;

/// <summary>
/// The account form as a person fills it: <c>/Account/Register</c> (a new account with its own team) or an invite
/// link (an account that joins the inviting team). Both take an email and the password twice.
/// </summary>
internal sealed class AccountFormPage(IPage page)
{
    public Task OpenRegisterAsync() => page.GotoAsync("/Account/Register");

    public Task OpenInviteAsync(string inviteLink) => page.GotoAsync(inviteLink);

    /// <summary>Registers a new account; <paramref name="team"/> names the team it creates.</summary>
    public async Task RegisterAsync(string email, string? team = null)
    {
        await page.GetByLabel("Email").FillAsync(email);
        if (team is not null)
        {
            await page.GetByLabel("Team name (optional)").FillAsync(team);
        }
        await FillPasswordAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
    }

    /// <summary>Creates an account from the open invite link and joins the team.</summary>
    public async Task JoinAsync(string email)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await FillPasswordAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account and join" }).ClickAsync();
    }

    private async Task FillPasswordAsync()
    {
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestUsers.Password);
        await page.GetByLabel("Confirm Password").FillAsync(TestUsers.Password);
    }
}

using Microsoft.Playwright;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EndToEnd.Pages;

/// <summary><c>/Account/Login</c> as a person uses it: email, password (the test password unless told), Log in.</summary>
internal sealed class LoginPage(IPage page)
{
    public Task OpenAsync() => page.GotoAsync("/Account/Login");

    public async Task LogInAsync(string email, string password = TestUsers.Password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    /// <summary>The form's error line, once it shows.</summary>
    public ILocator Error => page.GetByText("Error: Invalid login attempt.");
}

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Cli;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Cli;

/// <summary><c>users create</c> takes the password from standard input or SMSPORTAL_PASSWORD, off the command line.</summary>
public sealed class CliPasswordTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly PortalAppFactory _app = fixture.App;

    [Fact]
    public async Task UsersCreate_PasswordStdin_AccountSignsInWithIt()
    {
        var email = $"stdin-{Guid.NewGuid():N}@example.test";
        var error = new StringWriter();

        var exit = await AdminCli.RunAsync(_app.Services, ["users", "create", "--email", email, "--password-stdin"], new StringWriter(), error, new StringReader("Piped-Passw0rd!\n"));

        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());
        Assert.True(await PasswordWorksAsync(email, "Piped-Passw0rd!"));
    }

    [Fact]
    public async Task UsersCreate_PasswordInEnvironment_AccountSignsInWithIt()
    {
        var directory = PortalAppFactory.NewDataDirectory();
        try
        {
            var (exit, _, error) = await AppProcess.RunCliAsync(new Dictionary<string, string>
            {
                ["Database__DataDirectory"] = directory,
                ["Database__SqliteSynchronous"] = "NORMAL",
                [CliPassword.EnvironmentVariable] = "Env-Passw0rd!",
            }, "users", "create", "--email", "env@example.test");
            Assert.True(exit == 0, error);
            await using var app = new PortalAppFactory(directory);
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync("env@example.test"))!, "Env-Passw0rd!"));
        }
        finally
        {
            PortalAppFactory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task UsersCreate_NoPasswordGiven_SaysWhereToPutIt()
    {
        var error = new StringWriter();

        var exit = await AdminCli.RunAsync(_app.Services, ["users", "create", "--email", "nopass@example.test"], new StringWriter(), error, new StringReader(""));

        Assert.Equal(1, exit);
        Assert.Contains("--password-stdin", error.ToString());
    }

    private async Task<bool> PasswordWorksAsync(string email, string password)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.FindByEmailAsync(email) is { } user && await users.CheckPasswordAsync(user, password);
    }
}

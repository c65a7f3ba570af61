using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team;

/// <summary>
/// The account pages are the part of the portal anyone on the internet can reach: every form (signed out, and the
/// signed-in manage forms), each field in turn set to what a careless or hostile client posts, and the links the
/// pages read from their query string. None may answer 5xx.
/// </summary>
public sealed class AccountFormsHostileInputTests
{
    private static readonly Dictionary<string, string?> Unlimited = new()
    {
        ["RateLimits:AccountFormsPerMinute"] = "1000000",
        ["RateLimits:LoginFailuresBeforeDelay"] = "1000000",
        ["Registration:Mode"] = "Open",
    };

    private static readonly string[] Values =
    [
        "", " ", "\0", "a\0b@example.test", new string('a', 100_000), "\uFFFD\u202E", "<script>alert(1)</script>@example.test",
        "' OR 1=1 --", "ada@example.test\r\nBcc: eve@example.test", "true", "maybe", "{", "{\"id\":1,\"rawId\":\"!!\",\"response\":{}}", "null",
    ];

    private static readonly (string Path, Dictionary<string, string> Fields)[] SignedOutForms =
    [
        ("/Account/Login", new() { ["Input.Email"] = "nobody@example.test", ["Input.Password"] = "Wrong-password-1", ["Input.RememberMe"] = "true", ["_handler"] = "login" }),
        ("/Account/Login", new() { ["Input.Email"] = "", ["Input.Password"] = "", ["Input.Passkey.CredentialJson"] = "{}", ["Input.Passkey.Error"] = "", ["_handler"] = "login" }),
        ("/Account/Register", new()
        {
            ["Input.Email"] = "new@example.test", ["Input.Password"] = "Short", ["Input.ConfirmPassword"] = "Short", ["Input.WorkspaceName"] = "Acme",
        }),
        ("/Account/ForgotPassword", new() { ["Input.Email"] = "nobody@example.test" }),
        ("/Account/ResendEmailConfirmation", new() { ["Input.Email"] = "nobody@example.test" }),
        ("/Account/ResetPassword?code=bm90LWEtY29kZQ", new()
        {
            ["Input.Email"] = "nobody@example.test", ["Input.Password"] = "Another-password-1", ["Input.ConfirmPassword"] = "Another-password-1", ["Input.Code"] = "bm90LWEtY29kZQ",
        }),
        ("/Account/LoginWith2fa", new() { ["Input.TwoFactorCode"] = "123456", ["Input.RememberMachine"] = "false" }),
        ("/Account/LoginWithRecoveryCode", new() { ["Input.RecoveryCode"] = "abcde-fghij" }),
    ];

    /// <summary>Old passwords are wrong on purpose: no value here may change or delete the account.</summary>
    private static readonly (string Path, Dictionary<string, string> Fields)[] SignedInForms =
    [
        ("/Account/Manage", new() { ["Input.PhoneNumber"] = "+15550001111" }),
        ("/Account/Manage/Email", new() { ["Input.NewEmail"] = "other@example.test", ["_handler"] = "change-email" }),
        ("/Account/Manage/ChangePassword", new() { ["Input.OldPassword"] = "Wrong-password-1", ["Input.NewPassword"] = "Another-password-1", ["Input.ConfirmPassword"] = "Another-password-1" }),
        ("/Account/Manage/SetPassword", new() { ["Input.NewPassword"] = "Short", ["Input.ConfirmPassword"] = "Short" }),
        ("/Account/Manage/EnableAuthenticator", new() { ["Input.Code"] = "123456" }),
        ("/Account/Manage/Passkeys", new() { ["Input.CredentialJson"] = "{}", ["Input.Error"] = "", ["_handler"] = "add-passkey" }),
        ("/Account/Manage/DeletePersonalData", new() { ["Input.Password"] = "Wrong-password-1" }),
    ];

    private static readonly string[] Links =
    [
        "/Account/ConfirmEmail?userId=%00&code=%00", "/Account/ConfirmEmail?userId=" + new string('a', 4_000) + "&code=abc",
        "/Account/ConfirmEmail?userId=00000000-0000-0000-0000-000000000000&code=!!!!", "/Account/ConfirmEmailChange?userId=x&email=%00&code=!!",
        "/Account/ResetPassword?code=%00", "/Account/ResetPassword?code=!!!!", "/Account/ResetPassword?code=" + new string('A', 5_000),
        "/Account/RegisterConfirmation?email=%00", "/Account/RegisterConfirmation?email=" + new string('e', 5_000) + "%40example.test",
        "/Account/Login?ReturnUrl=javascript:alert(1)", "/Account/Login?ReturnUrl=%00", "/Account/Login?ReturnUrl=%2F%2Fevil.example",
        "/Account/ExternalLogin?remoteError=%00", "/Account/ExternalLogin?action=LoginCallback", "/Account/LoginWith2fa?ReturnUrl=%00&RememberMe=maybe",
        "/Account/Manage/RenamePasskey?id=%00", "/Account/Manage/RenamePasskey?id=!!!", "/Account/Manage/RenamePasskey?id=" + new string('A', 5_000),
        "/not-found/%00", "/inbox?contact=%00", "/contacts?search=%00&tag=%00", "/delivery-log?search=%00",
    ];

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task EveryAccountForm_EachFieldHostile_NeverA500(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var logs = new ServerErrors();
        await using var app = new TestApp(settings: database.Settings(Unlimited), configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        var owner = await app.CreateEndpointAsync();
        using var anonymous = PortalSignIn.NewClient(app, followRedirects: false);
        using var signedIn = await PortalSignIn.SignInAsync(app, owner.Email, followRedirects: false);
        var wrong = new List<string>();

        foreach (var (client, forms) in new[] { (anonymous, SignedOutForms), (signedIn, SignedInForms) })
        {
            foreach (var (path, fields) in forms)
            {
                var hidden = await PortalForms.HiddenFieldsAsync(client, path);
                foreach (var field in fields.Keys)
                {
                    foreach (var value in Values)
                    {
                        await CheckAsync(wrong, logs, $"POST {path} {field}={Shorten(value)}",
                            () => PortalForms.PostAsync(client, path, hidden, new Dictionary<string, string>(fields) { [field] = value }));
                    }
                }
            }
        }
        foreach (var link in Links)
        {
            foreach (var client in new[] { anonymous, signedIn })
            {
                await CheckAsync(wrong, logs, $"GET {Shorten(link)}", () => client.GetAsync(link));
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static async Task CheckAsync(List<string> wrong, ServerErrors logs, string label, Func<Task<HttpResponseMessage>> send)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException e)
        {
            // No browser or proxy takes such an answer either (for instance 64 KiB of response headers).
            wrong.Add($"{label}: {e.Message}");
            return;
        }
        using var _ = response;
        if ((int)response.StatusCode is >= 500 or 429)
        {
            wrong.Add($"{label}: {(int)response.StatusCode} ({logs.Last()})");
        }
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}

using Bunit;
using MudBlazor;
using SmsPortal.Endpoints.Pages;

namespace SmsPortal.Tests.Endpoints.Pages;

public sealed class EndpointSecretDialogTests : IAsyncLifetime
{
    private const string Url = "https://sms.example.com/hooks/sms/ep_abc";
    private const string Secret = "whsec_c2VjcmV0LXRoYXQtaXMtc2hvd24tb25jZQ==";
    private readonly DialogHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Show_CreatedEndpoint_ShowsUrlAndSecretOnce()
    {
        await ShowAsync();

        Assert.Equal(Url, _host.Provider.Find("[data-testid=endpoint-url]").TextContent);
        Assert.Equal(Secret, _host.Provider.Find("[data-testid=endpoint-secret]").TextContent);
        Assert.Single(_host.Provider.FindAll("[data-testid=endpoint-secret]"));
        Assert.Equal(1, CountOf(_host.Provider.Markup, Secret));
    }

    [Fact]
    public async Task CopySecret_Click_CopiesTheSecretThroughPortalJs()
    {
        var copy = _host.Context.JSInterop.Setup<bool>("smsPortal.copy", _ => true);
        copy.SetResult(true);
        await ShowAsync();

        _host.ClickButton("Copy secret");

        var invocation = _host.Context.JSInterop.VerifyInvoke("smsPortal.copy");
        Assert.Equal(Secret, invocation.Arguments.Single());
    }

    [Fact]
    public async Task CopyUrl_Click_CopiesTheUrl()
    {
        _host.Context.JSInterop.Setup<bool>("smsPortal.copy", _ => true).SetResult(true);
        await ShowAsync();

        _host.ClickButton("Copy URL");

        Assert.Equal(Url, _host.Context.JSInterop.VerifyInvoke("smsPortal.copy").Arguments.Single());
    }

    [Fact]
    public async Task Done_Click_ClosesTheDialogAndTheSecretIsGone()
    {
        var dialog = await ShowAsync();

        _host.ClickButton("Done");

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.DoesNotContain(Secret, _host.Provider.Markup);
        Assert.Empty(_host.Provider.FindAll("[data-testid=endpoint-url]"));
    }

    [Fact]
    public async Task Show_AfterRotation_ListsWhenPreviousSecretsExpire()
    {
        await _host.ShowAsync("New secret", new DialogParameters<EndpointSecretDialog>
        {
            { d => d.Url, Url },
            { d => d.Secret, Secret },
            { d => d.PreviousSecretsValidUntil, [new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero)] },
        });

        Assert.Contains("2026-11-25 09:30 UTC", _host.Provider.Markup);
    }

    private Task<IDialogReference> ShowAsync() =>
        _host.ShowAsync("Endpoint created", new DialogParameters<EndpointSecretDialog>
        {
            { d => d.Url, Url },
            { d => d.Secret, Secret },
            { d => d.Message, "Copy the secret now." },
        });

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "").Length) / value.Length;
}

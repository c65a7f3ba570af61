using Bunit;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Endpoints.Pages;
using SmsPortal.Endpoints;

namespace SmsPortal.Tests.Endpoints.Pages;

public sealed class RotateSecretDialogTests : IAsyncLifetime
{
    private readonly DialogHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Rotate_NothingPicked_PreviousSecretValidFor24Hours()
    {
        var dialog = await ShowAsync();

        _host.ClickButton("Rotate");

        Assert.Equal(new SecretRotationRequest(TimeSpan.FromHours(24), null), (await dialog.Result)!.Data);
    }

    [Theory]
    [InlineData("Revoke it now", 0)]
    [InlineData("1 hour", 1)]
    [InlineData("7 days", 168)]
    public async Task Rotate_ChoicePicked_ThatGracePeriod(string choice, int hours)
    {
        var dialog = await ShowAsync();

        PickChoice(choice);
        _host.ClickButton("Rotate");

        Assert.Equal(TimeSpan.FromHours(hours), ((SecretRotationRequest)(await dialog.Result)!.Data!).Grace);
    }

    [Fact]
    public async Task Rotate_CustomHours_ThatManyHours()
    {
        var dialog = await ShowAsync();

        PickChoice("Custom");
        _host.Provider.Find("input[inputmode]").Change("36");
        _host.ClickButton("Rotate");

        Assert.Equal(TimeSpan.FromHours(36), ((SecretRotationRequest)(await dialog.Result)!.Data!).Grace);
    }

    [Fact]
    public async Task Rotate_CustomHoursEmpty_ErrorAtTheFieldAndStaysOpen()
    {
        var dialog = await ShowAsync();

        PickChoice("Custom");
        _host.Provider.Find("input[inputmode]").Change("");
        _host.ClickButton("Rotate");

        Assert.Contains("Enter the number of hours.", _host.Provider.Markup);
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task Rotate_TwilioWithoutToken_AsksForTheAuthToken()
    {
        var dialog = await ShowAsync(EndpointFormat.Twilio);

        _host.ClickButton("Rotate");

        Assert.Contains("Twilio auth token", _host.Provider.Markup);
        Assert.False(dialog.Result.IsCompleted);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(721)]
    [InlineData(double.NaN)]
    public void GraceFor_CustomHoursOutOfRange_Refused(double hours) =>
        Assert.Throws<UserInputException>(() => RotateSecretDialog.GraceFor(GraceChoice.Custom, hours));

    [Fact]
    public void GraceFor_CustomZero_RevokesNow() =>
        Assert.Equal(TimeSpan.Zero, RotateSecretDialog.GraceFor(GraceChoice.Custom, 0));

    private void PickChoice(string label)
    {
        var radio = _host.Provider.FindAll("label").Single(l => l.TextContent.Trim() == label);
        radio.QuerySelector("input")!.Click();
    }

    private Task<IDialogReference> ShowAsync(EndpointFormat format = EndpointFormat.Native) =>
        _host.ShowAsync("Rotate the secret of Main", new DialogParameters<RotateSecretDialog> { { d => d.Format, format } });
}

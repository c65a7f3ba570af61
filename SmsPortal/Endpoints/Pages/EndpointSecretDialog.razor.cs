using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Components.Shared;

namespace SmsPortal.Endpoints.Pages;

/// <summary>Shows an endpoint's (or an event webhook's) URL and a secret once, with copy buttons; the secret is not kept after "Done".</summary>
public partial class EndpointSecretDialog
{
    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private Clipboard Clipboard { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public string Url { get; set; } = "";

    /// <summary>What the URL is: the hook the gateway posts to, or a receiver's address.</summary>
    [Parameter]
    public string UrlLabel { get; set; } = "Hook URL";

    [Parameter]
    public string? Secret { get; set; }

    [Parameter]
    public string? Message { get; set; }

    [Parameter]
    public IReadOnlyList<DateTimeOffset>? PreviousSecretsValidUntil { get; set; }

    private Task CopyUrlAsync() => CopyAsync(Url, "URL");

    private Task CopySecretAsync() => CopyAsync(Secret ?? "", "Secret");

    private async Task CopyAsync(string text, string what)
    {
        if (await Clipboard.CopyAsync(text))
        {
            Snackbar.Add($"{what} copied.", Severity.Success);
        }
        else
        {
            Snackbar.Add("Your browser did not allow copying: select the text and copy it yourself.", Severity.Warning);
        }
    }

    private void Done() => Dialog.Close(DialogResult.Ok(true));
}

using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Endpoints;

namespace SmsPortal.Endpoints.Pages;

public enum GraceChoice
{
    RevokeNow,
    OneHour,
    OneDay,
    SevenDays,
    Custom,
}

/// <summary>What the user chose: how long the previous secret stays valid, and (Twilio) the new auth token.</summary>
public sealed record SecretRotationRequest(TimeSpan Grace, string? Secret);

/// <summary>Picks the grace period for a rotation; the page rotates and then shows the new secret once.</summary>
public partial class RotateSecretDialog
{
    private GraceChoice _choice = GraceChoice.OneDay;
    private double? _customHours = GracePeriod.Default.TotalHours;
    private string? _secret;
    private string? _graceError;
    private string? _secretError;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter]
    public EndpointFormat Format { get; set; }

    /// <summary>The grace period a choice stands for; a custom number of hours is checked against <see cref="GracePeriod"/>.</summary>
    internal static TimeSpan GraceFor(GraceChoice choice, double? customHours)
    {
        switch (choice)
        {
            case GraceChoice.RevokeNow:
                return TimeSpan.Zero;
            case GraceChoice.OneHour:
                return TimeSpan.FromHours(1);
            case GraceChoice.OneDay:
                return TimeSpan.FromHours(24);
            case GraceChoice.SevenDays:
                return TimeSpan.FromDays(7);
        }
        if (customHours is not { } hours || !double.IsFinite(hours))
        {
            throw new UserInputException("Enter the number of hours.");
        }
        // Checked in hours here so the message matches the field; the service checks the span again.
        if (hours < 0 || hours > GracePeriod.Maximum.TotalHours)
        {
            throw new UserInputException($"Enter 0 to {GracePeriod.Maximum.TotalHours:0} hours ({GracePeriod.Maximum.TotalDays:0} days).");
        }
        return TimeSpan.FromHours(hours);
    }

    private void Rotate()
    {
        _graceError = null;
        _secretError = null;
        TimeSpan grace;
        try
        {
            grace = GraceFor(_choice, _customHours);
        }
        catch (UserInputException ex)
        {
            _graceError = ex.Message;
            return;
        }
        if (Format == EndpointFormat.Twilio && string.IsNullOrWhiteSpace(_secret))
        {
            _secretError = "Paste the new Twilio auth token: Twilio signs its requests with it.";
            return;
        }
        Dialog.Close(DialogResult.Ok(new SecretRotationRequest(grace, Format == EndpointFormat.Twilio ? _secret : null)));
    }

    private void Cancel() => Dialog.Cancel();
}

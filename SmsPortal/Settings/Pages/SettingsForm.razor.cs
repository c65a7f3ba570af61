using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Settings;

namespace SmsPortal.Settings.Pages;

/// <summary>
/// The workspace's general settings. Checks the values with the same rules as the service before calling
/// <see cref="OnSave"/>, and shows what the service still refuses.
/// </summary>
public sealed partial class SettingsForm
{
    private const string FromField = nameof(GeneralSettings.BusinessHoursFrom);
    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private MudForm? _form;
    private GeneralSettings? _shown;
    private string? _from;
    private string? _to;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private string? _saveError;
    private bool _saving;

    [Parameter, EditorRequired]
    public GeneralSettings Model { get; set; } = default!;

    [Parameter, EditorRequired]
    public Func<GeneralSettings, Task> OnSave { get; set; } = default!;

    protected override void OnParametersSet()
    {
        // Only for a new model: the page re-renders this form after other saves, and the typed times must stay.
        if (ReferenceEquals(Model, _shown))
        {
            return;
        }
        _shown = Model;
        _from = Model.BusinessHoursFrom.ToString("HH:mm", CultureInfo.InvariantCulture);
        _to = Model.BusinessHoursTo.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>Readable times go into the model as they are typed, so the page's draft of it has them.</summary>
    private void TimesChanged()
    {
        if (ParseTime(_from) is { } from)
        {
            Model.BusinessHoursFrom = from;
        }
        if (ParseTime(_to) is { } to)
        {
            Model.BusinessHoursTo = to;
        }
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private void SetDay(DayOfWeek day, bool on) =>
        Model.BusinessDays = on ? Model.BusinessDays | day.AsFlag() : Model.BusinessDays & ~day.AsFlag();

    private Task<IEnumerable<string>> SearchTimeZones(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? SettingsChoices.TimeZones
            : SettingsChoices.TimeZones.Where(z => z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    private async Task SaveAsync()
    {
        _saveError = null;
        var errors = new Dictionary<string, string>();
        if (ParseTime(_from) is { } from)
        {
            Model.BusinessHoursFrom = from;
        }
        else
        {
            errors[FromField] = "Enter a time such as 09:00.";
        }
        if (ParseTime(_to) is { } to)
        {
            Model.BusinessHoursTo = to;
        }
        else
        {
            errors[nameof(GeneralSettings.BusinessHoursTo)] = "Enter a time such as 17:00.";
        }
        foreach (var (field, message) in Model.Errors())
        {
            errors.TryAdd(field, message);
        }
        _errors = errors;
        if (errors.Count > 0)
        {
            return;
        }

        _saving = true;
        try
        {
            await OnSave(Model);
        }
        catch (UserInputException ex)
        {
            _saveError = ex.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;
}

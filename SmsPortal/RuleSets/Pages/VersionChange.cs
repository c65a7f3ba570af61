using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Rules.Compilation;

namespace SmsPortal.RuleSets.Pages;

/// <summary>A publish or a roll back from a page: what the user can fix (a role, a rule that no longer compiles) shows as a message.</summary>
internal static class VersionChange
{
    public static async Task RunAsync(ISnackbar snackbar, Action<bool> busy, Func<Task> change)
    {
        busy(true);
        try
        {
            await change();
        }
        catch (UserInputException ex)
        {
            snackbar.Add(ex.Message, Severity.Error);
        }
        catch (RuleCompilationException ex)
        {
            snackbar.Add(string.Join(" ", ex.Errors.Select(e => e.ToString())), Severity.Error);
        }
        finally
        {
            busy(false);
        }
    }
}

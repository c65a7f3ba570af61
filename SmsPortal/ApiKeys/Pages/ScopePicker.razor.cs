using Microsoft.AspNetCore.Components;

namespace SmsPortal.ApiKeys.Pages;

/// <summary>One checkbox per scope, each with what it allows as its tooltip; used when creating a key and when changing its scopes.</summary>
public partial class ScopePicker
{
    /// <summary>The ticked scopes; changed in place as boxes are ticked.</summary>
    [Parameter, EditorRequired]
    public HashSet<string> Selected { get; set; } = [];

    private void Toggle(string scope, bool on)
    {
        if (on)
        {
            Selected.Add(scope);
        }
        else
        {
            Selected.Remove(scope);
        }
    }
}

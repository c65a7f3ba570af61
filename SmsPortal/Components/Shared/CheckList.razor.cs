using Microsoft.AspNetCore.Components;

namespace SmsPortal.Components.Shared;

/// <summary>One checkbox per option (scopes of a key, events of a webhook), ticking in place in <see cref="Selected"/>.</summary>
public partial class CheckList
{
    /// <summary>The options, in the order shown.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<string> Options { get; set; } = [];

    /// <summary>The ticked options; changed in place as boxes are ticked.</summary>
    [Parameter, EditorRequired]
    public HashSet<string> Selected { get; set; } = [];

    /// <summary>The group's accessible name.</summary>
    [Parameter]
    public string? Label { get; set; }

    /// <summary>An option's tooltip, e.g. what a scope allows.</summary>
    [Parameter]
    public Func<string, string>? Describe { get; set; }

    /// <summary>Side by side (true) or one per line.</summary>
    [Parameter]
    public bool Row { get; set; } = true;

    private void Toggle(string option, bool on)
    {
        if (on)
        {
            Selected.Add(option);
        }
        else
        {
            Selected.Remove(option);
        }
    }
}

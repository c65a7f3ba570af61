using Microsoft.AspNetCore.Components;
using SmsPortal.Endpoints;
using SmsPortal.RuleSets;

namespace SmsPortal.RuleSets.Pages;

/// <summary>One condition of a rule, and for all / any / not its children, recursively.</summary>
public sealed partial class ConditionEditor
{
    [Parameter, EditorRequired] public ConditionDraft Condition { get; set; } = default!;
    [Parameter] public RuleFieldErrors Errors { get; set; } = RuleFieldErrors.None;
    [Parameter] public IReadOnlyList<EndpointSummary> Endpoints { get; set; } = [];
    [Parameter] public EventCallback OnRemove { get; set; }

    /// <summary>Raised when a child is added or removed (paths change, so old errors no longer point right).</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    private IReadOnlyCollection<string> EndpointIds
    {
        get => Condition.EndpointIds;
        set => Condition.EndpointIds = value?.ToList() ?? [];
    }

    private string? GroupError => Errors.At($"{Condition.Path}.conditions") ?? Errors.At($"{Condition.Path}.condition");

    private string Field(string name) => $"{Condition.Path}.{name}";

    private bool HasError(string name) => Errors.For(Field(name)) is not null;

    [CascadingParameter] public ConditionDefaults? Defaults { get; set; }

    private Task<IEnumerable<string>> SearchTimeZones(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? RuleLabels.TimeZones
            : RuleLabels.TimeZones.Where(z => z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    private async Task AddChild(ConditionKind kind)
    {
        Condition.Children.Add(ConditionDraft.Create(kind, Defaults));
        await OnChanged.InvokeAsync();
    }

    private async Task RemoveChild(ConditionDraft child)
    {
        Condition.Children.Remove(child);
        await OnChanged.InvokeAsync();
    }
}

using Microsoft.AspNetCore.Components;
using SmsPortal.Contacts;

namespace SmsPortal.Inbox.Pages;

/// <summary>One page of conversations with previous/next; the page that hosts it loads the data.</summary>
public partial class ConversationList
{
    [Parameter, EditorRequired] public IReadOnlyList<ContactSummary> Items { get; set; } = [];

    [Parameter] public int Total { get; set; }

    /// <summary>1-based.</summary>
    [Parameter] public int Page { get; set; } = 1;

    [Parameter] public int PageSize { get; set; } = 25;

    [Parameter] public Guid? SelectedId { get; set; }

    [Parameter] public bool Loading { get; set; }

    [Parameter] public string EmptyText { get; set; } = "No conversations yet.";

    [Parameter] public EventCallback<int> PageChanged { get; set; }

    private int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    private bool HasPrevious => Page > 1;

    private bool HasNext => Page < PageCount;

    private string RangeText => Total == 0
        ? "0 conversations"
        : $"{(Page - 1) * PageSize + 1}–{Math.Min(Page * PageSize, Total)} of {Total}";

    private Task PreviousAsync() => HasPrevious ? PageChanged.InvokeAsync(Page - 1) : Task.CompletedTask;

    private Task NextAsync() => HasNext ? PageChanged.InvokeAsync(Page + 1) : Task.CompletedTask;

    private static string ItemStyle(bool selected) =>
        "color: inherit; text-decoration: none;" + (selected ? " background: var(--mud-palette-action-default-hover);" : "");

    internal static string When(DateTimeOffset at)
    {
        if (at == DateTimeOffset.MinValue)
        {
            return "";
        }
        var local = at.ToLocalTime();
        return local.Date == DateTimeOffset.Now.Date ? local.ToString("HH:mm") : local.ToString("d MMM");
    }
}

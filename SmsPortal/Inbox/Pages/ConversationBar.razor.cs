using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Team;

namespace SmsPortal.Inbox.Pages;

/// <summary>A conversation's status and assignee, with the actions that change them.</summary>
public sealed partial class ConversationBar
{
    [Inject] private ConversationService Conversations { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    [Parameter, EditorRequired] public ContactDetails Details { get; set; } = null!;
    [Parameter, EditorRequired] public PortalUser User { get; set; } = null!;
    [Parameter] public IReadOnlyList<TeamMember> Members { get; set; } = [];
    [Parameter] public DateTimeDisplay Display { get; set; } = DateTimeDisplay.Utc;
    [Parameter] public EventCallback Changed { get; set; }

    private string StatusText => Details.Status switch
    {
        ConversationStatus.Snoozed when Details.SnoozedUntil is { } until => $"Snoozed until {Display.Time(until)}",
        ConversationStatus.Closed => "Closed",
        ConversationStatus.Snoozed => "Snoozed",
        _ => "Open",
    };

    private string AssigneeText => Details.AssigneeId is { } id
        ? "Assigned to " + (Members.FirstOrDefault(m => m.UserId == id)?.Email ?? "a former member")
        : "Unassigned";

    private Color StatusColor => Details.Status switch
    {
        ConversationStatus.Closed => Color.Default,
        ConversationStatus.Snoozed => Color.Warning,
        _ => Color.Success,
    };

    public Task SetStatusAsync(ConversationStatus status) =>
        RunAsync(() => Conversations.SetStatusAsync(User.WorkspaceId, User.Actor, Details.Id, status), status == ConversationStatus.Closed ? "Conversation closed." : "Conversation reopened.");

    public Task AssignToMeAsync() => AssignAsync(User.UserId);

    private Task SnoozeAsync(TimeSpan span) =>
        RunAsync(() => Conversations.SetStatusAsync(User.WorkspaceId, User.Actor, Details.Id, ConversationStatus.Snoozed, Time.GetUtcNow() + span), "Conversation snoozed.");

    private Task AssignAsync(string? userId) =>
        RunAsync(() => Conversations.AssignAsync(User.WorkspaceId, User.Actor, Details.Id, string.IsNullOrEmpty(userId) ? null : userId),
            string.IsNullOrEmpty(userId) ? "Conversation unassigned." : $"Assigned to {Members.FirstOrDefault(m => m.UserId == userId)?.Email ?? "them"}.");

    private async Task RunAsync(Func<Task> action, string done)
    {
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
            await Changed.InvokeAsync();
        }
        catch (UserInputException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }
}

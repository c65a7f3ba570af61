using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Drafts;
using SmsPortal.Outbound;
using SmsPortal.Team;

namespace SmsPortal.Inbox.Pages;

/// <summary>
/// The reply box of one conversation. What is typed is kept as the writer's draft of this conversation (back
/// after a lost connection or a restart) together with the id the reply will be sent with, so a restored reply
/// that had in fact been queued is not queued again.
/// </summary>
public sealed partial class ReplyBox : IAsyncDisposable
{
    private string? _text;
    private string? _messageId;
    private string? _error;
    private bool _sending;
    private DraftKeeper? _draft;
    private SavedDraft? _restored;

    [Inject] private OutboundService Outbound { get; set; } = null!;
    [Inject] private DraftKeepers Drafts { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>The conversation replied to; give the component a <c>@key</c> of it so each has its own box.</summary>
    [Parameter, EditorRequired] public Guid ContactId { get; set; }

    [Parameter, EditorRequired] public PortalUser User { get; set; } = null!;

    /// <summary>After a reply was queued.</summary>
    [Parameter] public EventCallback OnSent { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        _draft = Drafts.Keep(User, DraftKeys.Reply(ContactId), InvokeAsync, Snapshot);
        _restored = await _draft.StartAsync(baseline: null);
        if (DraftJson.Read<ReplyDraft>(_restored) is { } restored)
        {
            (_text, _messageId) = (restored.Text, restored.MessageId);
        }
    }

    private string? Snapshot() =>
        string.IsNullOrWhiteSpace(_text) ? null : DraftJson.Write(new ReplyDraft(_text, _messageId ??= Outbound.NewMessageId()));

    private void Discard() => (_text, _messageId, _restored) = (null, null, null);

    private async Task SendAsync()
    {
        if (_sending)
        {
            return;
        }
        _sending = true;
        try
        {
            await Outbound.SendAsync(User.WorkspaceId, User.Actor, ContactId, _text ?? "", messageId: _messageId ??= Outbound.NewMessageId());
            (_text, _messageId, _restored, _error) = (null, null, null, null);
            if (_draft is not null)
            {
                await _draft.CommitAsync();
            }
            await OnSent.InvokeAsync();
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _sending = false;
        }
    }

    private async Task KeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && (e.CtrlKey || e.MetaKey))
        {
            await SendAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_draft is not null)
        {
            await _draft.DisposeAsync();
        }
    }
}

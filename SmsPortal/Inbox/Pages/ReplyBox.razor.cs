using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Drafts;
using SmsPortal.Contacts;
using SmsPortal.Outbound;
using SmsPortal.SavedReplies;
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
    private bool _note;
    private MudTextField<string>? _field;
    private IReadOnlyList<SavedReplyItem> _suggestions = [];
    private string? _messageId;
    private string? _error;
    private bool _sending;
    private DraftKeeper? _draft;
    private SavedDraft? _restored;

    [Inject] private OutboundService Outbound { get; set; } = null!;
    [Inject] private DraftKeepers Drafts { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private ConversationService Conversations { get; set; } = null!;
    [Inject] private SavedReplyService SavedReplies { get; set; } = null!;

    /// <summary>The conversation replied to; give the component a <c>@key</c> of it so each has its own box.</summary>
    [Parameter, EditorRequired] public Guid ContactId { get; set; }

    [Parameter, EditorRequired] public PortalUser User { get; set; } = null!;

    /// <summary>Fills a reply's variables (<c>{{contact.name|there}}</c>).</summary>
    [Parameter] public ContactDetails? Contact { get; set; }

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

    /// <summary>The text as it will be sent: variables filled. The segment counter counts this.</summary>
    private string Filled => ReplyTemplate.Render(_text ?? "", new ReplyContext(Contact?.Name, Contact?.Number ?? "", User.Email, User.WorkspaceName));

    public async Task FocusAsync(bool note = false)
    {
        _note = note;
        if (_field is not null)
        {
            await _field.FocusAsync();
        }
    }

    private void ModeChanged(bool note) => (_note, _suggestions) = (note, []);

    private async Task TextChangedAsync(string? text)
    {
        _text = text;
        _suggestions = !_note && text is ['/', ..] && !text.Contains(' ') && !text.Contains('\n')
            ? await SavedReplies.SearchAsync(User.WorkspaceId, text[1..])
            : [];
    }

    private async Task UseAsync(SavedReplyItem reply)
    {
        _text = ReplyTemplate.Render(reply.Text, new ReplyContext(Contact?.Name, Contact?.Number ?? "", User.Email, User.WorkspaceName));
        _suggestions = [];
        await FocusAsync();
    }

    private static string Preview(string text) => text.Length <= 60 ? text : text[..59] + "…";

    private async Task SendAsync()
    {
        if (_sending)
        {
            return;
        }
        if (_suggestions.Count > 0)
        {
            await UseAsync(_suggestions[0]);
            return;
        }
        _sending = true;
        try
        {
            if (_note)
            {
                await Conversations.AddNoteAsync(User.WorkspaceId, User.Actor, ContactId, _text ?? "");
            }
            else
            {
                await Outbound.SendAsync(User.WorkspaceId, User.Actor, ContactId, Filled, messageId: _messageId ??= Outbound.NewMessageId());
            }
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

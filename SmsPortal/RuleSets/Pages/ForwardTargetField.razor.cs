using Microsoft.AspNetCore.Components;
using SmsPortal.EventWebhooks;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Pages;

/// <summary>Where a forward action sends: one of the workspace's event webhooks (new actions pick the first), or a bare URL.</summary>
public partial class ForwardTargetField
{
    private const string OtherUrl = "";

    private IReadOnlyList<EventSubscriptionSummary>? _webhooks;

    [Parameter, EditorRequired] public ActionDraft Action { get; set; } = default!;

    [Parameter] public RuleFieldErrors Errors { get; set; } = RuleFieldErrors.None;

    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private EventWebhookService Webhooks { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = await CurrentUser.GetAsync();
        _webhooks = await Webhooks.ListAsync(user.WorkspaceId);
        if (Action.WebhookId is null && string.IsNullOrWhiteSpace(Action.Url) && _webhooks.Count > 0)
        {
            Choose(_webhooks[0].Id);
        }
    }

    private static string Label(EventSubscriptionSummary webhook) =>
        (webhook.Description is { } description ? $"{description} · {webhook.Url}" : webhook.Url) + (webhook.Enabled ? "" : " (disabled)");

    private void Choose(string id)
    {
        if (_webhooks?.FirstOrDefault(w => w.Id == id) is { } webhook)
        {
            (Action.WebhookId, Action.Url) = (webhook.Id, webhook.Url);
        }
        else if (id == OtherUrl)
        {
            (Action.WebhookId, Action.Url) = (null, Action.WebhookId is null ? Action.Url : "");
        }
    }
}

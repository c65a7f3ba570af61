using Microsoft.EntityFrameworkCore;
using SmsPortal.Messages;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Rules.Engine;
using SmsPortal.Settings;
using SmsPortal.Webhooks;

namespace SmsPortal.Processing;

/// <summary>
/// Everything a batch reads once and then keeps in step with its own changes: settings, senders, contacts and
/// their rule history. Action handlers keep what they need across the batch's messages in <see cref="Memo{T}"/>.
/// </summary>
public sealed class BatchState(AppDbContext db, DateTimeOffset now, EventWebhooks.EventInterest? interest = null)
{
    private readonly Dictionary<Guid, IReadOnlySet<string>> _wanted = [];
    private readonly Dictionary<Guid, WorkspaceSettings> _settings = [];
    private readonly Dictionary<(Guid, string), Contact> _contacts = [];
    private readonly HashSet<Guid> _created = [];
    private readonly Dictionary<Guid, Dictionary<string, ContactRuleState>> _states = [];
    private readonly Dictionary<string, string> _senders = [];
    private readonly Dictionary<Type, object> _memos = [];

    public AppDbContext Db { get; } = db;
    public DateTimeOffset Now { get; } = now;
    public ProcessedBatch Result { get; } = new();

    /// <summary>The rule set each workspace's messages were evaluated with (its actions' host-side options, e.g. quiet hours).</summary>
    public Dictionary<Guid, RuleSets.CachedRuleSet> RuleSets { get; } = [];

    public async Task PrefetchAsync(IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var group in messages.GroupBy(m => m.WorkspaceId))
        {
            var settings = await WorkspaceSettingsService.GetAsync(Db, group.Key, cancellationToken);
            _settings[group.Key] = settings;
            if (interest is not null)
            {
                _wanted[group.Key] = await interest.WantedAsync(group.Key, cancellationToken);
            }
            foreach (var message in group)
            {
                _senders[message.Id] = E164.Normalize(message.From, settings.DefaultRegion);
            }
            var numbers = group.Select(m => _senders[m.Id]).Distinct().ToList();
            var contacts = await Db.Contacts.Include(c => c.Tags)
                .Where(c => c.WorkspaceId == group.Key && numbers.Contains(c.Number))
                .ToListAsync(cancellationToken);
            foreach (var contact in contacts)
            {
                _contacts[(group.Key, contact.Number)] = contact;
                _states[contact.Id] = [];
            }
            var contactIds = contacts.Select(c => c.Id).ToList();
            var states = await Db.ContactRuleStates.Where(s => contactIds.Contains(s.ContactId)).ToListAsync(cancellationToken);
            foreach (var state in states)
            {
                _states[state.ContactId][state.RuleId] = state;
            }
        }
    }

    public WorkspaceSettings Settings(Guid workspaceId) => _settings[workspaceId];

    /// <summary>Whether some event webhook of the workspace wants events of this type (always, without the interest).</summary>
    public bool Wants(Guid workspaceId, string eventType) => !_wanted.TryGetValue(workspaceId, out var wanted) || wanted.Contains(eventType);

    /// <summary>The sender in E.164 with the workspace's region, worked out once per message at prefetch.</summary>
    public string SenderOf(InboundMessage message) => _senders[message.Id];

    public Contact ContactFor(Guid workspaceId, string number)
    {
        if (!_contacts.TryGetValue((workspaceId, number), out var contact))
        {
            contact = new Contact { WorkspaceId = workspaceId, Number = number, CreatedAt = Now, LastMessageAt = DateTimeOffset.MinValue };
            Db.Contacts.Add(contact);
            _contacts[(workspaceId, number)] = contact;
            _states[contact.Id] = [];
            _created.Add(contact.Id);
        }
        return contact;
    }

    /// <summary>True for a contact this batch created: nothing in the database refers to it yet, so no query is needed.</summary>
    public bool IsNew(Contact contact) => _created.Contains(contact.Id);

    /// <summary>Per-batch state of one action handler, created on first use.</summary>
    public T Memo<T>() where T : class, new()
    {
        if (!_memos.TryGetValue(typeof(T), out var memo))
        {
            _memos[typeof(T)] = memo = new T();
        }
        return (T)memo;
    }

    public IReadOnlyDictionary<string, DateTimeOffset> History(Contact contact) =>
        _states[contact.Id].ToDictionary(s => s.Key, s => s.Value.LastFiredAt);

    /// <param name="keepsHistory">
    /// Only rules that fire once per contact or have a cooldown read a contact's history, so only they write it:
    /// one row less per message for every other rule.
    /// </param>
    public void RecordFiring(InboundMessage message, Contact contact, Activation activation, bool keepsHistory, int? version = null)
    {
        var states = _states[contact.Id];
        if (keepsHistory)
        {
            if (!states.TryGetValue(activation.RuleId, out var state))
            {
                state = new ContactRuleState { ContactId = contact.Id, WorkspaceId = contact.WorkspaceId, RuleId = activation.RuleId };
                Db.ContactRuleStates.Add(state);
                states[activation.RuleId] = state;
            }
            state.LastFiredAt = Now;
            state.FireCount++;
        }

        Db.ActionExecutions.Add(ActionExecution.Fired(message, activation, Now, version));
        if (!activation.IsCompliance)
        {
            var key = (message.WorkspaceId, activation.RuleId);
            Result.RuleHits[key] = Result.RuleHits.GetValueOrDefault(key) + 1;
        }
    }
}

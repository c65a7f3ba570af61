using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Messages;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.RuleSets.Versions;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.DryRun;

/// <summary>
/// Runs the draft and the live version over stored messages, sending and changing nothing, and reports what the
/// draft would do differently. Each message is evaluated as processing would have: with its contact's tags and
/// opt-out as they are now, "new contact" for the contact's first message, and the once-per-contact and cooldown
/// history each rule set builds up over the run itself.
/// </summary>
public sealed class DryRunService(IDbContextFactory<AppDbContext> dbFactory, RuleSetCache cache, RuleSetVersions versions)
{
    public const int MaxItems = 500;
    private const int ProgressEvery = 250;

    public async Task<DryRunReport> RunAsync(Guid workspaceId, Actor actor, DryRunScope scope, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await MemberRoles.RequireAsync(dbFactory, workspaceId, actor, WorkspaceRole.Agent, cancellationToken);
        var live = await cache.GetEntryAsync(workspaceId, cancellationToken);
        var draftDocument = await versions.DocumentAsync(workspaceId, null, cancellationToken);
        CompiledRuleSet draft;
        try
        {
            draft = RuleCompiler.Compile(draftDocument.Rules, draftDocument.Compliance);
        }
        catch (RuleCompilationException ex)
        {
            throw new UserInputException($"The draft does not compile: {ex.Message}");
        }
        var draftHistory = draftDocument.Rules.Where(r => r.Options.OncePerContact || r.Options.Cooldown is not null).Select(r => r.Id).ToHashSet();
        var messages = await DryRunMessages.LoadAsync(dbFactory, workspaceId, scope, cancellationToken);
        var done = 0;
        void Step()
        {
            // Both passes count: the bar shows the pair's progress.
            if (Interlocked.Increment(ref done) % ProgressEvery == 0)
            {
                progress?.Report((done / 2, messages.Count));
            }
        }
        // The two rule sets go over the messages side by side; each keeps its own contact history, so each pass is in order.
        var passes = await Task.WhenAll(
            Task.Run(() => new Pass(live.RuleSet, live.HistoryRuleIds).RunAll(messages, Step, cancellationToken), cancellationToken),
            Task.Run(() => new Pass(draft, draftHistory).RunAll(messages, Step, cancellationToken), cancellationToken));
        var counts = new int[5];
        var items = new List<DryRunItem>();
        for (var i = 0; i < messages.Count; i++)
        {
            var (message, was, would) = (messages[i], passes[0][i], passes[1][i]);
            var change = Compare(was, would);
            counts[(int)change]++;
            if (change != DryRunChange.Same && items.Count < MaxItems)
            {
                items.Add(new DryRunItem(message.Id, message.ReceivedAt, message.Contact.Number, message.Text, was, would, change));
            }
        }
        progress?.Report((messages.Count, messages.Count));
        return new DryRunReport(messages.Count, counts[(int)DryRunChange.AnsweredDifferently], counts[(int)DryRunChange.NewlyUnanswered],
            counts[(int)DryRunChange.NewlyAnswered], counts[(int)DryRunChange.OtherRules], live.Version, items);
    }

    public static DryRunChange Compare(DryRunOutcome live, DryRunOutcome draft) => (live.Answers, draft.Answers) switch
    {
        (true, false) => DryRunChange.NewlyUnanswered,
        (false, true) => DryRunChange.NewlyAnswered,
        (true, true) when !live.Replies.SequenceEqual(draft.Replies) => DryRunChange.AnsweredDifferently,
        _ when !live.Rules.SequenceEqual(draft.Rules) => DryRunChange.OtherRules,
        _ => DryRunChange.Same,
    };

    /// <summary>One rule set going over the messages in order, keeping the contacts' rule history as processing would.</summary>
    private sealed class Pass(CompiledRuleSet ruleSet, IReadOnlySet<string> historyRules)
    {
        private readonly Dictionary<Guid, Dictionary<string, DateTimeOffset>> _history = [];

        public DryRunOutcome[] RunAll(List<StoredMessage> messages, Action step, CancellationToken cancellationToken)
        {
            var outcomes = new DryRunOutcome[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                if (i % ProgressEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                outcomes[i] = Run(messages[i]);
                step();
            }
            return outcomes;
        }

        private DryRunOutcome Run(StoredMessage message)
        {
            var history = _history.TryGetValue(message.Contact.Id, out var h) ? h : _history[message.Contact.Id] = [];
            var fact = new RuleFact(new MessageFact(message.Text, message.EndpointId, message.ReceivedAt),
                message.Contact.Fact(message.IsFirst) with { LastFiredByRuleId = history });
            var activations = ruleSet.Evaluate(fact).Activations;
            var rules = new List<string>(activations.Count);
            var replies = new List<string>();
            foreach (var activation in activations)
            {
                rules.Add(activation.RuleName);
                replies.AddRange(activation.Actions.Where(a => a.IsReply).Select(a => a.Text ?? ""));
                if (historyRules.Contains(activation.RuleId))
                {
                    history[activation.RuleId] = message.ReceivedAt;
                }
            }
            return new DryRunOutcome(rules, replies);
        }
    }
}

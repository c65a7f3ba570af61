using Microsoft.AspNetCore.Components;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Engine;

namespace SmsPortal.RuleSets.Pages;

/// <summary>"Test a message": evaluates a made-up message against the rules, with a trace, and sends nothing.</summary>
public sealed partial class RuleTestConsole
{
    private readonly RuleTestInput _input = new();
    private EvaluationResult? _result;
    private string? _error;
    private bool _running;

    [Parameter] public IReadOnlyList<EndpointSummary> Endpoints { get; set; } = [];

    /// <summary>Evaluates the fact with a trace (the page passes <see cref="RuleService.TestAsync"/>).</summary>
    [Parameter, EditorRequired] public Func<RuleFact, Task<EvaluationResult>> Evaluate { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override void OnParametersSet() => _input.EndpointId ??= Endpoints.FirstOrDefault()?.Id;

    private async Task RunAsync()
    {
        _error = null;
        if (string.IsNullOrWhiteSpace(_input.Sender))
        {
            _error = "Enter the sender's number.";
            return;
        }
        _running = true;
        try
        {
            _result = await Evaluate(_input.ToFact(Time.GetUtcNow()));
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _running = false;
        }
    }
}

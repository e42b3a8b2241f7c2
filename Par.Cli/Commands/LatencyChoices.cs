using System.Collections.Generic;
using Par.Search.Latency;

namespace Par.Cli.Commands;

/// <summary>
/// The latency loss as given on the <c>par search</c> command line (each part null when not given):
/// <c>--latency-loss</c>, <c>--latency-weight</c>, <c>--latency-exponent</c>, <c>--latency-target</c>,
/// <c>--latency-target-ms</c>, <c>--latency-memory-segments</c>. A target alone asks for the budget form, and a form asked for by name is switched on
/// at its default weight when the job's own objective has none (a file's search has no latency loss by default).
/// </summary>
internal sealed record LatencyChoices(LatencyLossForm? Form, double? Weight, double? Exponent, double? Target, double? TargetMs, int? InferenceMemorySegments)
{
    /// <summary>Combinations no search can use; each value's range is checked where its option is declared.</summary>
    public IEnumerable<string> Conflicts()
    {
        if (Target is not null && TargetMs is not null)
        {
            yield return "--latency-target and --latency-target-ms: give the budget one way, not both.";
        }

        if (Form == LatencyLossForm.Fbnet && (Target is not null || TargetMs is not null))
        {
            yield return "--latency-target: FBNet's latency loss prices every microsecond and has no budget; use --latency-loss budget.";
        }
    }

    /// <summary>The objective these choices make of a job's default <paramref name="defaults"/>.</summary>
    public LatencyObjective Over(LatencyObjective defaults)
    {
        var form = FormOver(defaults);
        return defaults with
        {
            Form = form,
            Weight = WeightOver(defaults),
            Exponent = Exponent ?? defaults.Exponent,
            Target = Target ?? defaults.Target,
            TargetMs = TargetMs ?? defaults.TargetMs,
            InferenceMemorySegments = InferenceMemorySegments ?? defaults.InferenceMemorySegments,
        };
    }

    /// <summary>The latency weight over <paramref name="defaults"/>: above 0 when the search will have a latency loss.</summary>
    public double WeightOver(LatencyObjective defaults)
    {
        if (Weight is { } weight)
        {
            return weight;
        }

        var form = FormOver(defaults);
        var chosenHere = Form is not null || Target is not null || TargetMs is not null;
        if (!chosenHere || (form == defaults.Form && defaults.IsOn))
        {
            return defaults.Weight;
        }

        return form == LatencyLossForm.Budget ? LatencyObjective.DefaultBudgetWeight : LatencyObjective.FbnetWeight;
    }

    // The form asked for, by name or by giving a target; otherwise the default's.
    private LatencyLossForm FormOver(LatencyObjective defaults) =>
        Form ?? (Target is not null || TargetMs is not null ? LatencyLossForm.Budget : defaults.Form);
}

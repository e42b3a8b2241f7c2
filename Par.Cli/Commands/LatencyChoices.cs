using Par.Search;
using Par.Search.Latency;

namespace Par.Cli.Commands;

/// <summary>
/// The latency loss as given on the <c>par search</c> command line: <c>--latency-loss</c>, <c>--latency-target</c>,
/// <c>--latency-target-ms</c>. A target alone asks for the budget form, and a form asked for by name is switched on
/// at its default weight when the search it applies to has none (a file's search has no latency loss by default).
/// </summary>
internal sealed record LatencyChoices(LatencyLossForm? Form, double? Target, double? TargetMs)
{
    /// <summary>Rejects combinations no search can use; each value's range is checked where its option is declared.</summary>
    public void Validate()
    {
        if (Target is not null && TargetMs is not null)
        {
            throw new UsageException("--latency-target and --latency-target-ms: give the budget one way, not both.");
        }

        if (Form == LatencyLossForm.Fbnet && (Target is not null || TargetMs is not null))
        {
            throw new UsageException("--latency-target: FBNet's latency loss prices every microsecond and has no budget; use --latency-loss budget.");
        }
    }

    /// <summary>The form asked for, by name or by giving a target; otherwise <paramref name="fallback"/>.</summary>
    public LatencyLossForm FormOr(LatencyLossForm fallback) =>
        Form ?? (Target is not null || TargetMs is not null ? LatencyLossForm.Budget : fallback);

    /// <summary>The weight of <paramref name="form"/> when none is given on the command line.</summary>
    public double WeightFor(LatencyLossForm form, SearchOptions options)
    {
        var chosenHere = Form is not null || Target is not null || TargetMs is not null;
        if (!chosenHere || (form == options.LatencyLoss && options.LatencyWeight > 0))
        {
            return options.LatencyWeight;
        }

        return form == LatencyLossForm.Budget ? SearchOptions.DefaultBudgetWeight : SearchOptions.FbnetLatencyWeight;
    }
}

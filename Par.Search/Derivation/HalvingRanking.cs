using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Par.Dsl.Printing;
using Par.Search.Progress;

namespace Par.Search.Derivation;

/// <summary>
/// The derivation's ranking by training: <see cref="SuccessiveHalving"/> over the <see cref="DerivationOptions.HalvingLayouts"/>
/// best-scored layouts, each trained from scratch, for <see cref="DerivationOptions.HalvingStepsShare"/> of the search's
/// steps in all. Inherited weights rate layouts the way a short training does, and a short training can prefer what a
/// longer one does not (on text, feed-forward rather than attention in layer 0), so the few best are settled by
/// trainings that grow as the field shrinks.
/// </summary>
public sealed class HalvingRanking : ILayoutRanking
{
    public LayoutRanking Rank(DerivationInputs inputs, IReadOnlyList<ScoredCandidate> scored)
    {
        if (scored.Count < 2)
        {
            return new LayoutRanking(scored, 0, ", too few layouts to rank by successive halving");
        }

        var options = inputs.Options;
        var budget = options.HalvingStepsOf(inputs.SearchSteps);
        var rungs = SuccessiveHalving.Rungs(options.HalvingLayouts, scored.Count, budget);
        var trainings = rungs.Sum(rung => rung.Candidates);
        var done = 0;
        var outcome = SuccessiveHalving.Run(
            scored,
            (candidate, steps) =>
            {
                inputs.Report?.Invoke(new DerivationProgress(DerivationActivity.TrainingFromScratch, done++, trainings, ParPrinter.PrintLayout(candidate.Layout)));
                return inputs.TrainedLoss(candidate, steps);
            },
            options.HalvingLayouts,
            budget);
        var schedule = string.Join(", ", rungs.Select(rung => string.Create(CultureInfo.InvariantCulture, $"{rung.Candidates} layouts for {rung.Steps} steps")));
        return new LayoutRanking(outcome.Ranked, outcome.StepsSpent, string.Create(CultureInfo.InvariantCulture, $", then by successive halving, trained from scratch: {schedule} ({outcome.StepsSpent} steps)"));
    }

    /// <summary>Refuses, before a search trains, halving settings that leave some rung's layouts under one step each.</summary>
    internal static void Check(DerivationOptions options, int searchSteps) =>
        _ = SuccessiveHalving.Rungs(options.HalvingLayouts, options.HalvingLayouts, options.HalvingStepsOf(searchSteps));
}

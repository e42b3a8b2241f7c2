using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Par.Dsl.Printing;
using Par.Search.Derivation;
using Par.Search.Progress;

namespace Par.Bench.Experiments.DerivationPipeline;

/// <summary>
/// The pipeline the main job on text used before successive halving, as a ranking that plugs into derivation by
/// measurement (<see cref="DerivationOptions.Ranking"/>): the scored beam evolved (<see cref="LayoutEvolution"/>), the best
/// fine-tuned and ranked again (<see cref="FineTunedRanking"/>), then a climb from the best by layouts trained from
/// scratch (<see cref="Climb"/>). Kept for the ablation that decides between them (bench/protocols/search-derivation-ablation.md).
/// </summary>
internal sealed class PipelineRanking(PipelineOptions options) : ILayoutRanking
{
    public PipelineOptions Options => options;

    public LayoutRanking Rank(DerivationInputs inputs, IReadOnlyList<ScoredCandidate> scored)
    {
        var scoring = scored.Count;
        var mostScored = scored.Count + (options.Generations * options.Parents);
        double Score(CandidateLayout candidate)
        {
            inputs.Report?.Invoke(new DerivationProgress(DerivationActivity.Scoring, scoring++, mostScored));
            return inputs.InheritedLoss(candidate);
        }

        // Different choices can give one layout (`f-`, `-f`): each layout is kept once, at its best score.
        var evolved = LayoutEvolution.Run(inputs.Space, inputs.Probabilities, scored, Score, options, inputs.Table, inputs.BudgetMs, (int)inputs.Recipe.Seed)
            .GroupBy(entry => entry.Candidate.Layout)
            .Select(group => group.First())
            .ToList();
        var (tuned, fineTuned) = FineTunedRanking.Rerank(inputs, options, evolved);
        var (ranked, stepsSpent) = Climbed(inputs, tuned);

        var description = string.Create(CultureInfo.InvariantCulture, $" ({scored.Count} most probable, then {options.Generations} generations of evolution)");
        if (fineTuned.Count > 0)
        {
            var losses = string.Join(", ", fineTuned.Select(pair => string.Create(CultureInfo.InvariantCulture, $"`{ParPrinter.PrintLayout(pair.Key.Candidate.Layout)}` {pair.Value:0.0000}")));
            description += string.Create(CultureInfo.InvariantCulture, $", the best {fineTuned.Count} fine-tuned for {options.FineTuneSteps} steps each and ranked again ({losses})");
        }

        if (stepsSpent > 0)
        {
            description += string.Create(
                CultureInfo.InvariantCulture,
                $", then {ranked.Count(entry => entry.ScratchLoss is not null)} trained from scratch for {options.ScratchStepsOf(inputs.SearchSteps)} steps each, climbing from the best by trading an attention block for feed-forward depth within the budget or moving one");
        }

        return new LayoutRanking(ranked, stepsSpent, description);
    }

    // The climb from the best-ranked layout: the trained layouts best first, then the others as they were.
    private (IReadOnlyList<ScoredCandidate> Ranked, int StepsSpent) Climbed(DerivationInputs inputs, IReadOnlyList<ScoredCandidate> ranked)
    {
        var steps = options.ScratchStepsOf(inputs.SearchSteps);
        if (steps == 0 || ranked.Count == 0)
        {
            return (ranked, 0);
        }

        var count = 0;
        double Trained(CandidateLayout candidate)
        {
            inputs.Report?.Invoke(new DerivationProgress(DerivationActivity.TrainingFromScratch, count++, options.ScratchTrainings, ParPrinter.PrintLayout(candidate.Layout)));
            return inputs.TrainedLoss(candidate, steps);
        }

        var trained = Climb.From(inputs.Space, inputs.Probabilities, ranked[0], Trained, candidate => inputs.InheritedLoss(candidate), options.ScratchTrainings, inputs.Table, inputs.BudgetMs, options.TradeRoomBlocks)
            .Select(entry => entry with { ScratchSteps = steps })
            .ToList();
        var layouts = trained.Select(entry => entry.Candidate.Layout).ToHashSet();
        return ([.. trained, .. ranked.Where(entry => !layouts.Contains(entry.Candidate.Layout))], trained.Count * steps);
    }
}

using System.Collections.Generic;

namespace Par.Search.Derivation;

/// <summary>What <see cref="MeasuredDerivation"/> considered and chose.</summary>
/// <param name="Scored">Every candidate, best-ranked first; finalists carry their measured latency.</param>
/// <param name="Chosen">The winner: the best-ranked candidate, priced within the budget by the latency table.</param>
/// <param name="BaselineMs">The interleaved baseline's latency on this machine, timed alongside the finalists.</param>
/// <param name="BudgetRatio">The budget as a fraction of the baseline's latency; null for a search without one.</param>
/// <param name="WithinBudget">False when no layout priced within the budget existed and the most probable ones were scored instead.</param>
/// <param name="TrainingStepsSpent">Training steps the ranking spent, all its layouts together: its cost, beside the search's steps.</param>
/// <param name="Ranking">What the ranking did, as a clause of the report's sentence (<see cref="LayoutRanking.Description"/>).</param>
public sealed record MeasuredDerivationResult(
    IReadOnlyList<ScoredCandidate> Scored, ScoredCandidate Chosen, double BaselineMs, double? BudgetRatio, bool WithinBudget, int TrainingStepsSpent = 0, string Ranking = "");

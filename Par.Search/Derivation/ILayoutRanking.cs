using System.Collections.Generic;

namespace Par.Search.Derivation;

/// <summary>
/// How derivation by measurement orders layouts once the most probable ones within the budget are scored with inherited
/// weights: <see cref="HalvingRanking"/>, or an experiment's (<see cref="DerivationOptions.Ranking"/>). The first layout
/// it returns is the found one; the best-ranked are timed for the report afterwards.
/// </summary>
public interface ILayoutRanking
{
    /// <param name="inputs">The finished search and the means to score and train layouts.</param>
    /// <param name="scored">The scored layouts, best inherited loss first, each layout once.</param>
    LayoutRanking Rank(DerivationInputs inputs, IReadOnlyList<ScoredCandidate> scored);
}

/// <summary>What a ranking decided.</summary>
/// <param name="Ranked">Every layout it considered, best first: the first is the found one.</param>
/// <param name="TrainingStepsSpent">The training steps it spent, all layouts together: its cost, beside the search's.</param>
/// <param name="Description">What it did, as a clause of the report's derivation sentence (", then ...").</param>
public sealed record LayoutRanking(IReadOnlyList<ScoredCandidate> Ranked, int TrainingStepsSpent, string Description);

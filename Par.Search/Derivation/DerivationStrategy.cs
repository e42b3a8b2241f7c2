namespace Par.Search.Derivation;

/// <summary>How the found layout is taken from a finished search (<see cref="DerivationOptions.Strategy"/>).</summary>
public enum DerivationStrategy
{
    /// <summary>The paper's: the most probable block per layer, identities dropped (<see cref="LayoutDerivation"/>).</summary>
    MostProbable,

    /// <summary>
    /// Ranking by training: the most probable layouts within the latency budget, scored with the supernet's inherited
    /// weights, then <see cref="SuccessiveHalving"/> over the best of them trained from scratch (<see cref="HalvingRanking"/>).
    /// </summary>
    Halving,
}

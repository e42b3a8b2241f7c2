namespace Par.Search.Derivation;

/// <summary>How the found layout is taken from the trained supernet (<see cref="DerivationOptions.Mode"/>).</summary>
public enum DerivationMode
{
    /// <summary>The paper's: the most probable block per layer, identities dropped (<see cref="LayoutDerivation"/>).</summary>
    MostProbable,

    /// <summary>
    /// HAT's and Once-for-All's: the most probable layouts within the latency budget (<see cref="CandidateLayouts"/>),
    /// scored by their loss with the supernet's inherited weights on the held-out architecture data; the best-scored
    /// are timed for real and the best whose measured latency keeps the budget wins (<see cref="MeasuredDerivation"/>).
    /// </summary>
    Measured,
}

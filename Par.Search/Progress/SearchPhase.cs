namespace Par.Search.Progress;

/// <summary>The two phases of the PAR search (docs/search.md).</summary>
public enum SearchPhase
{
    /// <summary>Weights train alone; the architecture logits stay frozen and uniform.</summary>
    WeightsOnly,

    /// <summary>Weight steps and architecture steps alternate.</summary>
    Alternating,
}

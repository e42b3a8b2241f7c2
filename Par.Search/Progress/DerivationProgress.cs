namespace Par.Search.Progress;

/// <summary>
/// What derivation by measurement is doing once the supernet has trained: on text its scoring, fine-tunes and
/// from-scratch trainings take minutes, and a display should say so rather than sit on the last search step.
/// </summary>
/// <param name="Activity">The part of the derivation under way.</param>
/// <param name="Done">Layouts that part has finished.</param>
/// <param name="Total">Layouts it will handle at most (evolution and the climb may stop sooner).</param>
/// <param name="Layout">The layout being worked on, in the DSL's notation; null when the part has no single one.</param>
public sealed record DerivationProgress(DerivationActivity Activity, int Done, int Total, string? Layout = null);

/// <summary>The parts of derivation by measurement, in the order they run.</summary>
public enum DerivationActivity
{
    /// <summary>Layouts scored with the supernet's inherited weights (the beam, then evolution).</summary>
    Scoring,

    /// <summary>The best layouts fine-tuned from the supernet's weights (<see cref="Derivation.FineTunedRanking"/>).</summary>
    FineTuning,

    /// <summary>Layouts trained from fresh weights (<see cref="Derivation.ScratchRanking"/>).</summary>
    TrainingFromScratch,

    /// <summary>The finalists built and timed beside the interleaved baseline.</summary>
    TimingFinalists,
}

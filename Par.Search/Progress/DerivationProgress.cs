namespace Par.Search.Progress;

/// <summary>
/// What derivation by measurement is doing once the supernet has trained: on text its scoring and from-scratch
/// trainings take minutes, and a display should say so rather than sit on the last search step.
/// </summary>
/// <param name="Activity">The part of the derivation under way.</param>
/// <param name="Done">Layouts that part has finished.</param>
/// <param name="Total">Layouts it will handle at most (a ranking may stop sooner).</param>
/// <param name="Layout">The layout being worked on, in the DSL's notation; null when the part has no single one.</param>
public sealed record DerivationProgress(DerivationActivity Activity, int Done, int Total, string? Layout = null);

/// <summary>The parts of derivation by measurement, in the order they run.</summary>
public enum DerivationActivity
{
    /// <summary>Layouts scored with the supernet's inherited weights.</summary>
    Scoring,

    /// <summary>Layouts fine-tuned from the supernet's weights (an experiment's ranking).</summary>
    FineTuning,

    /// <summary>Layouts trained from fresh weights.</summary>
    TrainingFromScratch,

    /// <summary>The finalists built and timed beside the interleaved baseline.</summary>
    TimingFinalists,
}

using Par.Runtime.Training;
using Par.Search.Progress;

namespace Par.Search.Experiment;

/// <summary>
/// A report of a running experiment: its stage, and the search's or the current training's own progress
/// (<paramref name="Model"/> names the model being trained).
/// </summary>
public sealed record ExperimentProgress(ExperimentStage Stage, SearchProgress? Search = null, TrainingProgress? Training = null, string? Model = null);

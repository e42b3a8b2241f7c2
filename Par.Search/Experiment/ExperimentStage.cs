namespace Par.Search.Experiment;

/// <summary>Where a running <see cref="SearchExperiment"/> is.</summary>
public enum ExperimentStage
{
    MeasuringBlockLatency,
    Searching,
    TrainingBaseline,
    TrainingFound,
    TrainingReference,
    Evaluating,
}

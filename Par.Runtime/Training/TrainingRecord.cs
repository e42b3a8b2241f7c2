namespace Par.Runtime.Training;

/// <summary>One point of the training curves: the training loss of a step and, at evaluation steps, the validation loss (nats/token).</summary>
public sealed record TrainingRecord(int Step, double TrainLoss, double? ValidLoss);

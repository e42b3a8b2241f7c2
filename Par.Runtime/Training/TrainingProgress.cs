using System;

namespace Par.Runtime.Training;

/// <summary>A progress report after <see cref="Step"/> of <see cref="TotalSteps"/> updates.</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double LearningRate, double TokensPerSecond, TimeSpan Elapsed, TimeSpan EstimatedRemaining);

using System.Collections.Generic;
using Par.Runtime.Evaluation;

namespace Par.Runtime.Training;

/// <summary>
/// How a run ended: the last completed step, whether it was cancelled before reaching the planned
/// steps, where its checkpoint is (null when it keeps none), its history and the last validation.
/// </summary>
public sealed record TrainingResult(int Step, bool Interrupted, string? CheckpointPath, IReadOnlyList<TrainingRecord> History, EvaluationResult? LastValidation);

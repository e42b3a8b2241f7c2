using System.Collections.Generic;

namespace Par.Runtime.Training;

/// <summary>A checkpoint <see cref="Trainer"/> has just written at <paramref name="Path"/>, and the run's history up to its <paramref name="Step"/>.</summary>
public sealed record TrainingCheckpointSaved(int Step, string Path, IReadOnlyList<TrainingRecord> History);

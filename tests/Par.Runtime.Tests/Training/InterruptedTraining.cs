using System;
using System.Threading;
using Par.Runtime.Models;
using Par.Runtime.Training;

namespace Par.Runtime.Tests.Training;

/// <summary>A run stopped at a given step, then resumed from its checkpoint by a differently initialised model.</summary>
internal static class InterruptedTraining
{
    /// <summary>
    /// Trains a model from <paramref name="newModel"/>(1) until <paramref name="interruptAt"/>, lets <paramref name="atInterruption"/>
    /// see (or change) the checkpoint, and resumes a model from <paramref name="newModel"/>(99) from it: different initial
    /// weights, so everything must come from the checkpoint.
    /// </summary>
    public static (TrainingResult Interrupted, TrainingResult Resumed, LayoutModel Model) Run(
        Func<long, LayoutModel> newModel, TrainingData data, TrainingOptions options, int interruptAt, Action<string>? atInterruption = null)
    {
        using var interruptedModel = newModel(1);
        using var cancellation = new CancellationTokenSource();
        var stopAtStep = new SynchronousProgress<TrainingProgress>(progress =>
        {
            if (progress.Step == interruptAt)
            {
                cancellation.Cancel();
            }
        });
        var interrupted = new Trainer(interruptedModel, data, options).Run(stopAtStep, cancellation.Token);
        atInterruption?.Invoke(interrupted.CheckpointPath!);

        var resumedModel = newModel(99);
        var resumed = new Trainer(resumedModel, data, options with { ResumeFrom = interrupted.CheckpointPath }).Run();
        return (interrupted, resumed, resumedModel);
    }
}

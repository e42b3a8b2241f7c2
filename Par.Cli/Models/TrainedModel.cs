using System;
using System.IO;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Runtime.Models;
using Par.Runtime.Training;
using static TorchSharp.torch;

namespace Par.Cli.Models;

/// <summary>
/// The model of a <c>par train</c> run, rebuilt from the .par text its checkpoint stores (no .par file needed) and
/// holding the checkpoint's weights; <see cref="Checkpoint"/> keeps its metadata (tokenizer, step, history).
/// </summary>
internal sealed class TrainedModel : IDisposable
{
    private TrainedModel(string checkpointPath, ParModel definition, LayoutModel network, TrainingCheckpoint checkpoint)
    {
        (CheckpointPath, Definition, Network, Checkpoint) = (checkpointPath, definition, network, checkpoint);
    }

    public string CheckpointPath { get; }

    public ParModel Definition { get; }

    public LayoutModel Network { get; }

    /// <summary>The checkpoint's metadata; its tensors are already disposed.</summary>
    public TrainingCheckpoint Checkpoint { get; }

    /// <summary>Loads <paramref name="run"/> (a run folder or a checkpoint file) onto <paramref name="device"/>.</summary>
    public static TrainedModel Load(string run, Device device)
    {
        var checkpointPath = Directory.Exists(run) ? Path.Combine(run, TrainingOptions.CheckpointFileName) : run;
        if (!File.Exists(checkpointPath))
        {
            throw new UsageException($"no checkpoint at {checkpointPath}.");
        }

        var stored = CheckpointFile.Load(checkpointPath);
        var document = ParParser.Parse(stored.ParText, "checkpoint.par");
        stored.Dispose();
        if (document.HasErrors || document.Models.Count != 1)
        {
            throw new UsageException($"{checkpointPath}: its stored .par text does not describe one valid model.");
        }

        var definition = document.Models[0];
        var network = LayoutModel.Create(definition, device);
        return new TrainedModel(checkpointPath, definition, network, CheckpointFile.LoadWeights(checkpointPath, network));
    }

    public void Dispose() => Network.Dispose();
}

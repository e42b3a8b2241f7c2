using System;
using System.IO;
using System.Linq;
using Par.Dsl.Parsing;
using Par.Runtime.Export;
using Par.Runtime.Models;
using Par.Runtime.Training;
using static TorchSharp.torch;

namespace Par.Cli.Models;

/// <summary>
/// A trained model read back with what it was trained as, from a run folder (its <c>checkpoint.parckpt</c>, else its
/// <c>model.safetensors</c>), a checkpoint file, or a safetensors file Par or the exported <c>train.py</c> wrote.
/// No .par file is needed: the model is rebuilt from the .par text stored with the weights.
/// </summary>
internal sealed class TrainedModel : IDisposable
{
    private TrainedModel(LayoutModel network, ModelMetadata metadata, string path)
    {
        Network = network;
        Metadata = metadata;
        Path = path;
    }

    public LayoutModel Network { get; }

    public ModelMetadata Metadata { get; }

    /// <summary>The file the weights came from.</summary>
    public string Path { get; }

    public static TrainedModel Load(string path, Device device)
    {
        var file = Resolve(path);
        if (file.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            var (network, metadata) = SafetensorsWeights.LoadModel(file, device);
            return new TrainedModel(network, metadata, file);
        }

        using var checkpoint = CheckpointFile.Load(file);
        var document = ParParser.Parse(checkpoint.ParText, "checkpoint.par");
        if (document.HasErrors || document.Models.Count != 1)
        {
            throw new UsageException($"{file}: its stored .par text does not describe one valid model.");
        }

        var definition = document.Models[0];
        var trained = LayoutModel.Create(definition, device);
        trained.load_state_dict(checkpoint.ModelState.ToDictionary(pair => pair.Key, pair => pair.Value), strict: true);
        double? trainLoss = checkpoint.History.Count > 0 ? checkpoint.History[^1].TrainLoss : null;
        return new TrainedModel(trained, new ModelMetadata(definition, checkpoint.Tokenizer, checkpoint.Step, trainLoss), file);
    }

    public void Dispose() => Network.Dispose();

    private static string Resolve(string path)
    {
        if (!Directory.Exists(path))
        {
            return File.Exists(path) ? path : throw new UsageException($"no checkpoint or safetensors file at {path}.");
        }

        var checkpoint = System.IO.Path.Combine(path, TrainingOptions.CheckpointFileName);
        var weights = System.IO.Path.Combine(path, PyTorchExport.WeightsFile);
        return File.Exists(checkpoint) ? checkpoint
            : File.Exists(weights) ? weights
            : throw new UsageException($"no checkpoint at {checkpoint} (nor a {PyTorchExport.WeightsFile}).");
    }
}

using System.Collections.Generic;
using System.IO;
using System.Linq;
using Par.Runtime.Export;
using Par.Runtime.Models;
using Par.Runtime.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Model weights as a <c>.safetensors</c> file keyed by the state_dict names, with <see cref="ModelMetadata"/> in the
/// header, so PyTorch reads them with <c>safetensors.torch.load_file</c> (or the exported <c>par_model.py</c>) and the
/// file alone rebuilds the model.
/// </summary>
public static class SafetensorsWeights
{
    public static void Export(nn.Module model, string path, ModelMetadata metadata) =>
        SafetensorsFile.Write(path, model.state_dict(), metadata.ToDictionary());

    /// <summary>
    /// Loads weights into <paramref name="model"/>: every key must match, with its shape (strict). Returns the file's
    /// metadata (empty for a file written without any, e.g. by PyTorch's <c>save_file</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Import(nn.Module model, string path)
    {
        using var file = SafetensorsFile.Read(path);
        var expected = model.state_dict();
        var missing = expected.Keys.Except(file.Tensors.Keys).OrderBy(key => key).ToList();
        var unexpected = file.Tensors.Keys.Except(expected.Keys).OrderBy(key => key).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new InvalidDataException(
                $"{path}: its tensors do not match the model's state_dict (missing: {Names(missing)}; unexpected: {Names(unexpected)}).");
        }

        foreach (var (name, tensor) in file.Tensors)
        {
            if (!tensor.shape.SequenceEqual(expected[name].shape))
            {
                throw new InvalidDataException($"{path}: tensor '{name}' has shape [{string.Join(", ", tensor.shape)}], the model expects [{string.Join(", ", expected[name].shape)}].");
            }
        }

        model.load_state_dict(file.Tensors.ToDictionary(pair => pair.Key, pair => pair.Value), strict: true);
        return file.Metadata;
    }

    /// <summary>Rebuilds the model a Par-written file describes (<see cref="ModelMetadata"/>) and loads its weights.</summary>
    public static (LayoutModel Model, ModelMetadata Metadata) LoadModel(string path, Device? device = null)
    {
        var metadata = ModelMetadata.FromDictionary(SafetensorsFile.ReadMetadata(path), path);
        var model = new LayoutModel(metadata.Model);
        try
        {
            Import(model, path);
            return (device is null ? model : model.to(device), metadata);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static string Names(IReadOnlyCollection<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}

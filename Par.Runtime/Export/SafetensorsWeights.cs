using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Par.Runtime.Models;
using Par.Runtime.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Export;

/// <summary>
/// Model weights as a <c>.safetensors</c> file keyed by the state_dict names, with <see cref="ModelMetadata"/> in the
/// header, so PyTorch reads them with <c>safetensors.torch.load_file</c> (or the exported <c>par_model.py</c>) and the
/// file alone rebuilds the model.
/// </summary>
public static class SafetensorsWeights
{
    private const int DifferencesNamed = 5;

    public static void Export(nn.Module model, string path, ModelMetadata metadata) =>
        SafetensorsFile.Write(path, model.state_dict(), metadata.ToDictionary());

    /// <summary>
    /// True when <paramref name="path"/> is a safetensors file whose metadata names the Par version that wrote it (Par's
    /// export or the exported <c>train.py</c>): a file an export may replace without being told to.
    /// </summary>
    public static bool IsWrittenByPar(string path)
    {
        try
        {
            return SafetensorsFile.ReadMetadata(path).ContainsKey(ModelMetadata.VersionKey);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Loads weights into <paramref name="model"/>. Every name and shape must match (strict); otherwise nothing is
    /// loaded and <see cref="InvalidDataException"/> names the file and what differs, instead of libtorch failing mid-copy.
    /// A weight that is not finite is refused the same way (<see cref="FiniteTensors"/>).
    /// Returns the file's metadata (empty for a file written without any, e.g. by PyTorch's <c>save_file</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Import(nn.Module model, string path)
    {
        using var file = SafetensorsFile.Read(path);
        var expected = model.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.shape);
        var differences = expected.Keys.Union(file.Tensors.Keys).Order()
            .Select(name => Difference(name, expected.GetValueOrDefault(name), file.Tensors.GetValueOrDefault(name)?.shape))
            .OfType<string>()
            .ToList();
        if (differences.Count > 0)
        {
            var more = differences.Count > DifferencesNamed ? $"; and {differences.Count - DifferencesNamed} more" : string.Empty;
            throw new InvalidDataException($"{path}: the weights do not fit this model ({string.Join("; ", differences.Take(DifferencesNamed))}{more}).");
        }

        if (FiniteTensors.Problem(file.Tensors) is { } problem)
        {
            throw new InvalidDataException($"{path}: {problem}");
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

    private static string? Difference(string name, long[]? inModel, long[]? inFile) => (inModel, inFile) switch
    {
        (null, _) => $"'{name}' is not in the model",
        (_, null) => $"'{name}' is missing from the file",
        _ when !inModel.SequenceEqual(inFile) => $"'{name}' is {Shape(inFile)}, the model's {Shape(inModel)}",
        _ => null,
    };

    private static string Shape(IEnumerable<long> shape) => string.Join('x', shape);
}

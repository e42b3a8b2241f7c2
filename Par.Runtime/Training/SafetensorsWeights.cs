using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Model weights as a <c>.safetensors</c> file keyed by the state_dict names, so PyTorch reads them with
/// <c>safetensors.torch.load_file</c> and a PyTorch model with the same keys can <c>load_state_dict</c> them.
/// </summary>
public static class SafetensorsWeights
{
    private const int DifferencesNamed = 5;

    public static void Export(nn.Module model, string path) => model.save_safetensors(path);

    /// <summary>
    /// Loads weights into <paramref name="model"/>. Every name and shape must match (strict); otherwise nothing is
    /// loaded and <see cref="InvalidDataException"/> names the file and what differs, instead of libtorch failing mid-copy.
    /// </summary>
    public static void Import(nn.Module model, string path)
    {
        var expected = model.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.shape);
        using var scope = NewDisposeScope();
        var stored = Safetensors.LoadStateDict(path);
        var differences = expected.Keys.Union(stored.Keys).Order()
            .Select(name => Difference(name, expected.GetValueOrDefault(name), stored.GetValueOrDefault(name)?.shape))
            .OfType<string>()
            .ToList();
        if (differences.Count > 0)
        {
            var more = differences.Count > DifferencesNamed ? $"; and {differences.Count - DifferencesNamed} more" : string.Empty;
            throw new InvalidDataException($"{path}: the weights do not fit this model ({string.Join("; ", differences.Take(DifferencesNamed))}{more}).");
        }

        model.load_state_dict(stored, strict: true);
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

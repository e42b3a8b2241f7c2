using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Par.Text;

namespace Par.Onnx;

/// <summary>
/// What <c>par export --onnx</c> stores in a model's metadata properties, under the keys Par's safetensors files use:
/// the <c>.par</c> text (<c>par.model</c>), the architecture (<c>par.config</c>), the tokenizer (<c>par.tokenizer</c>,
/// absent for a model exported from a <c>.par</c> file with fresh weights), the Par version and the training step.
/// </summary>
public sealed record ExportedModelMetadata(string ParText, ModelConfig Config, TokenizerDescription? Tokenizer, string ParVersion, int Step)
{
    public const string ModelKey = "par.model";
    public const string ConfigKey = "par.config";
    public const string TokenizerKey = "par.tokenizer";
    public const string VersionKey = "par.version";
    public const string StepKey = "par.step";

    /// <summary>Reads the entries of <paramref name="path"/>; <see cref="InvalidDataException"/> naming the file when Par's are missing or malformed.</summary>
    public static ExportedModelMetadata Read(IReadOnlyDictionary<string, string> properties, string path)
    {
        string Require(string key) => properties.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"{path}: its metadata has no '{key}': it is not a model 'par export --onnx' wrote.");

        T Parse<T>(string key)
        {
            try
            {
                return JsonSerializer.Deserialize<T>(Require(key)) ?? throw new InvalidDataException($"{path}: its '{key}' metadata is empty.");
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"{path}: its '{key}' metadata is not valid ({exception.Message}).", exception);
            }
        }

        var config = Parse<ModelConfig>(ConfigKey);
        var tokenizer = properties.ContainsKey(TokenizerKey) ? Parse<TokenizerDescription>(TokenizerKey) : null;
        var step = properties.TryGetValue(StepKey, out var stepText) && int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return new ExportedModelMetadata(Require(ModelKey), config, tokenizer, properties.GetValueOrDefault(VersionKey, "unknown"), step);
    }
}

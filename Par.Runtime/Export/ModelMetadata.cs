using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using Par.Runtime.Data;
using Par.Text;

namespace Par.Runtime.Export;

/// <summary>
/// What every safetensors file Par (or the exported <c>train.py</c>) writes records in its header's
/// <c>__metadata__</c>, so the file alone rebuilds the model in Par and in PyTorch:
/// <list type="bullet">
/// <item><c>format</c> = <c>pt</c> (the Hugging Face convention);</item>
/// <item><c>par.model</c>: the canonical <c>.par</c> text of the model as trained (after <c>--set</c> and the data's vocabulary);</item>
/// <item><c>par.config</c>: the same architecture as JSON with the layout spelled out one letter per layer (what <c>par_model.py</c> reads);</item>
/// <item><c>par.tokenizer</c>: the tokenizer description (kind, size, vocabulary in id order) as JSON;</item>
/// <item><c>par.version</c>: the Par version that wrote or exported it; <c>par.step</c>: optimizer steps taken;
/// <c>par.train_loss</c>: the last training loss (nats per token), when known.</item>
/// </list>
/// </summary>
public sealed record ModelMetadata(ParModel Model, TokenizerDescription Tokenizer, int Step, double? TrainLoss = null)
{
    public const string FormatKey = "format";
    public const string ModelKey = "par.model";
    public const string ConfigKey = "par.config";
    public const string TokenizerKey = "par.tokenizer";
    public const string VersionKey = "par.version";
    public const string StepKey = "par.step";
    public const string TrainLossKey = "par.train_loss";

    /// <summary>The version of this Par, as written into <see cref="VersionKey"/>.</summary>
    public static string ParVersion { get; } =
        typeof(ModelMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ModelMetadata).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var metadata = new Dictionary<string, string>(DefinitionEntries(Model))
        {
            [FormatKey] = "pt",
            [TokenizerKey] = JsonSerializer.Serialize(Tokenizer),
            [StepKey] = Step.ToString(CultureInfo.InvariantCulture),
        };
        if (TrainLoss is { } loss && double.IsFinite(loss))
        {
            metadata[TrainLossKey] = loss.ToString("R", CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    /// <summary>
    /// The entries a model's definition alone gives (<c>par.model</c>, <c>par.config</c>, <c>par.version</c>): what an
    /// export of a <c>.par</c> file, with fresh weights and no tokenizer, records.
    /// </summary>
    public static Dictionary<string, string> DefinitionEntries(ParModel model) => new()
    {
        [ModelKey] = ParPrinter.Print(model),
        [ConfigKey] = ConfigJson(model),
        [VersionKey] = ParVersion,
    };

    /// <summary>
    /// Reads the metadata of a file at <paramref name="path"/>; <see cref="InvalidDataException"/> naming the file when
    /// the Par entries are missing or do not describe one valid model.
    /// </summary>
    public static ModelMetadata FromDictionary(IReadOnlyDictionary<string, string> metadata, string path)
    {
        string Require(string key) => metadata.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"{path}: its safetensors metadata has no '{key}', so the model it holds is unknown (Par reads files written by 'par train --export', 'par export' and the exported train.py).");

        var document = ParParser.Parse(Require(ModelKey), Path.GetFileName(path));
        // The first problem, not the whole model text: a model's text runs to kilobytes and says nothing of what is wrong.
        var problem = document.Diagnostics.Where(diagnostic => diagnostic.Severity == ParSeverity.Error).Order().FirstOrDefault() is { } error
            ? $"line {error.Line}, column {error.Column}: {error.Id} {error.Message.TrimEnd('.')}"
            : document.Models.Count != 1 ? $"it holds {document.Models.Count} models, not one"
            : document.Models[0].IsSupernet ? $"'{document.Models[0].Name}' is a search space, not a fixed layout"
            : null;
        if (problem is not null)
        {
            throw new InvalidDataException($"{path}: its '{ModelKey}' metadata does not describe one valid fixed-layout model: {problem}.");
        }

        TokenizerDescription? tokenizer;
        try
        {
            tokenizer = JsonSerializer.Deserialize<TokenizerDescription>(Require(TokenizerKey));
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}: its '{TokenizerKey}' metadata is not a tokenizer description ({exception.Message}).", exception);
        }

        var step = metadata.TryGetValue(StepKey, out var stepText) && int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedStep) ? parsedStep : 0;
        double? trainLoss = metadata.TryGetValue(TrainLossKey, out var lossText) && double.TryParse(lossText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedLoss) ? parsedLoss : null;
        return new ModelMetadata(
            document.Models[0],
            tokenizer ?? throw new InvalidDataException($"{path}: its '{TokenizerKey}' metadata is empty."),
            step,
            trainLoss);
    }

    /// <summary>The architecture as <c>par_model.py</c> reads it: every hyper-parameter and one letter (<c>s</c>, <c>f</c>, <c>-</c>) per layer.</summary>
    public static string ConfigJson(ParModel model)
    {
        if (model.IsSupernet)
        {
            throw new ArgumentException($"'{model.Name}' is a search space ([sf-] choices); only a fixed layout can be exported.", nameof(model));
        }

        var hp = model.HyperParameters;
        return JsonSerializer.Serialize(new ModelConfig(
            model.Name,
            ParPrinter.PrintLayout(model.Layout),
            string.Concat(model.Layout.Select(layer => layer.Block.Letter())),
            hp.DModel,
            hp.Heads,
            hp.DFeedForward,
            hp.Vocab,
            hp.Context,
            hp.Memory,
            hp.Dropout,
            hp.Attention.Name(),
            hp.TieEmbeddings));
    }
}

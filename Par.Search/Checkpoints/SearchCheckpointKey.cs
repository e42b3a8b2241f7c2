using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Par.Dsl.Printing;
using Par.Search.Latency;
using Par.Search.Space;

namespace Par.Search.Checkpoints;

/// <summary>
/// What must not change between a search and its resumption, as data: the space, the data's size and every option that
/// steers the weights and the logits (not the derivation, the checkpoint or the device). A checkpoint stores it as
/// JSON, and a resume compares value by value, so rewording a report never breaks resuming. An option added later is
/// null at its old default, so checkpoints written before it resume as before.
/// </summary>
internal sealed record SearchCheckpointKey(
    string Space,
    long TrainingTokens,
    int Steps,
    double WeightsOnlyShare,
    int BatchSize,
    double WeightLearningRate,
    double WeightDecay,
    int WarmupSteps,
    double GradientClip,
    double ArchitectureLearningRate,
    double ArchitectureWeightDecay,
    double ArchitectureDataShare,
    SamplingMode Sampling,
    Gradients.PathGradient PathGradient,
    double FinalTemperature,
    bool? UniformWeightSteps,
    LatencyLossForm LatencyLoss,
    double LatencyWeight,
    double LatencyExponent,
    double LatencyTarget,
    double? LatencyTargetMs,
    double IdentityPenalty,
    int Seed,
    bool UseMemory,
    int? LatencyMemorySegments)
{
    // Named as the command line spells the options; enums by name, so a reordered enum cannot alias.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static SearchCheckpointKey Of(SearchSpace space, SearchOptions options, long trainingTokens) => new(
        ParPrinter.Print(space.ToSupernetModel()), trainingTokens, options.Steps, options.WeightsOnlyShare, options.BatchSize,
        options.WeightLearningRate, options.WeightDecay, options.WarmupSteps, options.GradientClip,
        options.ArchitectureLearningRate, options.ArchitectureWeightDecay, options.ArchitectureDataShare,
        options.Sampling.Mode, options.Sampling.PathGradient, options.Sampling.FinalTemperature,
        options.Sampling.UniformWeightSteps ? true : null,
        options.Latency.Form, options.Latency.Weight, options.Latency.Exponent, options.Latency.Target, options.Latency.TargetMs,
        options.IdentityPenalty, options.Seed, options.UseMemory, options.Latency.InferenceMemorySegments);

    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>Each value that differs between <paramref name="stored"/> and this key, as "name stored -> now".</summary>
    public IReadOnlyList<string> DifferencesFrom(JsonObject? stored)
    {
        var now = ToJson();
        var then = stored ?? [];
        return then.Select(pair => pair.Key).Union(now.Select(pair => pair.Key))
            .Where(name => Text(then[name]) != Text(now[name]))
            .Select(name => $"{name} {Text(then[name]) ?? "(none)"} -> {Text(now[name]) ?? "(none)"}")
            .ToList();
    }

    // A value as its JSON text, strings unquoted; null when absent or null.
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Par.Dsl.Model;

namespace Par.Cli.Models;

/// <summary>
/// <c>--set key=value</c> overrides for one run, spelled as in <c>.par</c> files. Only the keys named
/// change (setting <c>d_model</c> does not rescale <c>d_ff</c>), and the result is checked like a file.
/// </summary>
internal sealed class HyperParameterOverrides
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> assignments;

    private HyperParameterOverrides(IReadOnlyList<KeyValuePair<string, string>> assignments) => this.assignments = assignments;

    public static HyperParameterOverrides Parse(IEnumerable<string>? settings)
    {
        var assignments = new List<KeyValuePair<string, string>>();
        foreach (var setting in settings ?? [])
        {
            var equals = setting.IndexOf('=');
            if (equals <= 0 || equals == setting.Length - 1)
            {
                throw new UsageException($"--set expects key=value, got '{setting}'.");
            }

            assignments.Add(new(setting[..equals].Trim(), setting[(equals + 1)..].Trim()));
        }

        return new HyperParameterOverrides(assignments);
    }

    public ParModel ApplyTo(ParModel model)
    {
        var hp = model.HyperParameters;
        foreach (var (key, value) in assignments)
        {
            hp = key switch
            {
                "d_model" => hp with { DModel = PositiveInt(key, value) },
                "heads" => hp with { Heads = PositiveInt(key, value) },
                "d_ff" => hp with { DFeedForward = PositiveInt(key, value) },
                "vocab" => hp with { Vocab = PositiveInt(key, value) },
                "context" => hp with { Context = PositiveInt(key, value) },
                "memory" => hp with { Memory = NonNegativeInt(key, value) },
                "dropout" => hp with { Dropout = Probability(key, value) },
                "attention" => hp with { Attention = AttentionKindOf(value) },
                "tie_embeddings" => hp with { TieEmbeddings = Boolean(key, value) },
                _ => throw new UsageException($"--set: unknown hyper-parameter '{key}'; known: d_model, heads, d_ff, vocab, context, memory, dropout, attention, tie_embeddings."),
            };
        }

        if (hp.DModel % hp.Heads != 0)
        {
            throw new UsageException($"--set: d_model {hp.DModel} is not divisible by heads {hp.Heads}.");
        }

        return model with { HyperParameters = hp };
    }

    private static int PositiveInt(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new UsageException($"--set {key}: expected a positive whole number, got '{value}'.");

    private static int NonNegativeInt(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UsageException($"--set {key}: expected a whole number >= 0, got '{value}'.");

    private static double Probability(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && number < 1
            ? number
            : throw new UsageException($"--set {key}: expected a number in [0, 1), got '{value}'.");

    private static bool Boolean(string key, string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new UsageException($"--set {key}: expected true or false, got '{value}'."),
    };

    private static AttentionKind AttentionKindOf(string value) => value switch
    {
        "xl" => AttentionKind.Xl,
        "causal" => AttentionKind.Causal,
        _ => throw new UsageException($"--set attention: expected xl or causal, got '{value}'."),
    };
}

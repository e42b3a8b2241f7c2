using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;

namespace Par.Dsl.Validation;

/// <summary>
/// Reads the entries of one model block into <see cref="HyperParameters"/>: unknown and duplicate keys,
/// value ranges, the d_ff and heads defaults that follow d_model, and heads dividing d_model.
/// </summary>
internal static class HyperParameterBinder
{
    /// <summary>Binds the hyper-parameters and returns the first layout entry (null when there is none).</summary>
    public static (HyperParameters HyperParameters, ModelEntry? Layout) Bind(IReadOnlyList<ModelEntry> entries, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!HyperParameterNames.All.Contains(entry.Key))
            {
                diagnostics.Report(ParDiagnosticIds.UnknownHyperParameter, UnknownKeyMessage(entry.Key), entry.KeyOffset, entry.Key.Length);
            }
            else if (seen.ContainsKey(entry.Key))
            {
                diagnostics.Report(
                    ParDiagnosticIds.DuplicateHyperParameter,
                    $"'{entry.Key}' is already set in this model; remove one of the two lines.",
                    entry.KeyOffset,
                    entry.Key.Length);
            }
            else
            {
                seen.Add(entry.Key, entry);
            }
        }

        var dModel = ReadInteger(seen, HyperParameterNames.DModel, HyperParameterLimits.MaxModelWidth, diagnostics) ?? HyperParameters.DefaultDModel;
        var heads = ReadInteger(seen, HyperParameterNames.Heads, HyperParameterLimits.MaxDimension, diagnostics) ?? Math.Max(1, dModel / HyperParameters.DefaultHeadWidth);
        var attention = ReadAttention(seen, diagnostics) ?? HyperParameters.DefaultAttention;
        var hyperParameters = new HyperParameters
        {
            DModel = dModel,
            Heads = heads,
            DFeedForward = ReadInteger(seen, HyperParameterNames.DFeedForward, HyperParameterLimits.MaxDimension, diagnostics) ?? 4 * dModel,
            Vocab = ReadInteger(seen, HyperParameterNames.Vocab, HyperParameterLimits.MaxDimension, diagnostics) ?? HyperParameters.DefaultVocab,
            Context = ReadInteger(seen, HyperParameterNames.Context, HyperParameterLimits.MaxDimension, diagnostics) ?? HyperParameters.DefaultContext,
            Memory = ReadInteger(seen, HyperParameterNames.Memory, HyperParameterLimits.MaxDimension, diagnostics, allowZero: true) ?? HyperParameters.DefaultMemoryFor(attention),
            Dropout = ReadDropout(seen, diagnostics) ?? HyperParameters.DefaultDropout,
            Attention = attention,
            TieEmbeddings = ReadBoolean(seen, HyperParameterNames.TieEmbeddings, diagnostics) ?? HyperParameters.DefaultTieEmbeddings,
        };

        // An invalid d_model or heads has already been reported; its default says nothing about divisibility.
        var bothValid = IsValidOrAbsent(seen, HyperParameterNames.DModel, dModel) && IsValidOrAbsent(seen, HyperParameterNames.Heads, heads);
        if (bothValid && dModel % heads != 0)
        {
            var culprit = seen.TryGetValue(HyperParameterNames.Heads, out var headsEntry) ? headsEntry : seen[HyperParameterNames.DModel];
            diagnostics.Report(
                ParDiagnosticIds.HeadsDoNotDivideWidth,
                $"d_model {dModel} is not divisible by heads {heads}; every head needs the same width, so choose heads that divides d_model.",
                culprit.ValueOffset,
                culprit.Value.Length);
        }

        // An encoder has no segment memory to fill: a memory length would be silently ignored, so it is an error.
        if (attention.IsBidirectional() && hyperParameters.Memory > 0 && seen.TryGetValue(HyperParameterNames.Memory, out var memory))
        {
            diagnostics.Report(
                ParDiagnosticIds.MemoryWithoutSegmentMemory,
                $"memory = {memory.Value} on a bidirectional model: an encoder sees its whole sequence and keeps no segment memory; remove the memory line or set it to 0.",
                memory.ValueOffset,
                memory.Value.Length);
        }

        return (hyperParameters, seen.TryGetValue(HyperParameterNames.Layout, out var layout) ? layout : null);
    }

    private static bool IsValidOrAbsent(Dictionary<string, ModelEntry> seen, string key, int value) =>
        !seen.TryGetValue(key, out var entry) || entry.Value.TrimStart('0') == value.ToString(CultureInfo.InvariantCulture);

    private static string UnknownKeyMessage(string key)
    {
        var closest = HyperParameterNames.All
            .Select(known => (Name: known, Distance: EditDistance.Between(key, known)))
            .OrderBy(candidate => candidate.Distance)
            .First();
        var suggestion = closest.Distance <= Math.Max(2, key.Length / 3)
            ? $" Did you mean '{closest.Name}'?"
            : $" Known keys: {string.Join(", ", HyperParameterNames.All)}.";
        return $"'{key}' is not a hyper-parameter Par knows.{suggestion}";
    }

    private static int? ReadInteger(Dictionary<string, ModelEntry> seen, string key, int maximum, DiagnosticBag diagnostics, bool allowZero = false)
    {
        if (!seen.TryGetValue(key, out var entry))
        {
            return null;
        }

        var digits = entry.Value;
        if (digits.Length == 0 || !digits.All(character => character >= '0' && character <= '9'))
        {
            ReportInvalid(entry, $"{key} must be a positive whole number, but is {Quote(entry.Value)}.", diagnostics);
            return null;
        }

        var significant = digits.TrimStart('0');
        if (significant.Length == 0 && allowZero)
        {
            return 0;
        }

        if (significant.Length == 0)
        {
            ReportInvalid(entry, $"{key} must be positive, but is 0.", diagnostics);
            return null;
        }

        if (significant.Length > 9 || int.Parse(significant, CultureInfo.InvariantCulture) > maximum)
        {
            ReportInvalid(entry, $"{key} must be at most {maximum.ToString("N0", CultureInfo.InvariantCulture)}, but is {entry.Value}.", diagnostics);
            return null;
        }

        return int.Parse(significant, CultureInfo.InvariantCulture);
    }

    private static double? ReadDropout(Dictionary<string, ModelEntry> seen, DiagnosticBag diagnostics)
    {
        if (!seen.TryGetValue(HyperParameterNames.Dropout, out var entry))
        {
            return null;
        }

        // Only plain decimal numbers: double.TryParse alone would also take "NaN", "Infinity" and thousands separators.
        var looksNumeric = entry.Value.Length > 0
            && (char.IsDigit(entry.Value[0]) || entry.Value[0] == '.')
            && entry.Value.All(character => (character >= '0' && character <= '9') || character is '.' or 'e' or 'E' or '+' or '-');
        if (!looksNumeric
            || !double.TryParse(entry.Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var dropout)
            || double.IsInfinity(dropout))
        {
            ReportInvalid(entry, $"dropout must be a number such as 0.1, but is {Quote(entry.Value)}.", diagnostics);
            return null;
        }

        if (dropout >= 1)
        {
            ReportInvalid(entry, $"dropout must be at least 0 and below 1, but is {entry.Value}.", diagnostics);
            return null;
        }

        return dropout;
    }

    private static AttentionKind? ReadAttention(Dictionary<string, ModelEntry> seen, DiagnosticBag diagnostics)
    {
        if (!seen.TryGetValue(HyperParameterNames.Attention, out var entry))
        {
            return null;
        }

        if (AttentionKindNames.All.TryParse(entry.Value, out var kind))
        {
            return kind;
        }

        ReportInvalid(entry, $"attention must be xl (Transformer-XL with memory), causal or bidirectional (a BERT encoder), but is {Quote(entry.Value)}.", diagnostics);
        return null;
    }

    private static bool? ReadBoolean(Dictionary<string, ModelEntry> seen, string key, DiagnosticBag diagnostics)
    {
        if (!seen.TryGetValue(key, out var entry))
        {
            return null;
        }

        switch (entry.Value)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                ReportInvalid(entry, $"{key} must be true or false, but is {Quote(entry.Value)}.", diagnostics);
                return null;
        }
    }

    private static string Quote(string value) => value.Length == 0 ? "empty" : $"'{value}'";

    private static void ReportInvalid(ModelEntry entry, string message, DiagnosticBag diagnostics) =>
        diagnostics.Report(ParDiagnosticIds.InvalidHyperParameterValue, message, entry.ValueOffset, entry.Value.Length);
}

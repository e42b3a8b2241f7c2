using System;

namespace Par.Runtime.Training;

/// <summary>
/// Where the model a checkpoint was trained as differs from the one asked for now. Both texts are printed by
/// <c>ParPrinter</c>, one setting per line, so the first differing line names the setting; a refusal then says
/// <c>d_model 16 -> 32</c> instead of printing both models whole.
/// </summary>
public static class ModelTextDifference
{
    /// <summary>The first difference as <c>setting before -> now</c> (or <c>line N: 'before' -> 'now'</c> when a setting is added or removed), or null when the texts agree.</summary>
    public static string? First(string recorded, string requested)
    {
        var before = recorded.TrimEnd().Split('\n');
        var after = requested.TrimEnd().Split('\n');
        for (var line = 0; line < Math.Max(before.Length, after.Length); line++)
        {
            var was = line < before.Length ? before[line].Trim() : string.Empty;
            var asked = line < after.Length ? after[line].Trim() : string.Empty;
            if (was == asked)
            {
                continue;
            }

            return Setting(was) is { } old && Setting(asked) is { } changed && old.Key == changed.Key
                ? $"{old.Key} {old.Value} -> {changed.Value}"
                : $"line {line + 1}: '{was}' -> '{asked}'";
        }

        return null;
    }

    private static (string Key, string Value)? Setting(string line) =>
        line.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals
            ? (line[..equals].Trim(), line[(equals + 1)..].Trim())
            : null;
}

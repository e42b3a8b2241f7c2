using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using Par.Dsl.Validation;

namespace Par.Cli.Models;

/// <summary>
/// <c>--set key=value</c> overrides for one run, spelled as in <c>.par</c> files: the one reader of <c>--set</c>, for
/// every verb. Only the keys named change (setting <c>d_model</c> does not rescale <c>d_ff</c>; a key set twice keeps
/// its last value). The result is checked by the DSL itself: the model is printed, the overridden lines replaced, and
/// the text parsed again, so <c>--set</c> accepts and rejects exactly what a file would, with the same messages. A
/// job may take keys of its own first (<see cref="Take"/>), as the main search job takes <c>layers</c> and <c>batch</c>.
/// </summary>
internal sealed class HyperParameterOverrides
{
    private const string Source = "--set";

    private readonly IReadOnlyList<KeyValuePair<string, string>> assignments;

    private HyperParameterOverrides(IReadOnlyList<KeyValuePair<string, string>> assignments) => this.assignments = assignments;

    public static HyperParameterOverrides None { get; } = new([]);

    public bool IsEmpty => assignments.Count == 0;

    /// <summary>The keys set, in the order first given.</summary>
    public IEnumerable<string> Keys => assignments.Select(assignment => assignment.Key);

    /// <summary>The value of <paramref name="key"/>, if it is set, and the overrides without it.</summary>
    public (string? Value, HyperParameterOverrides Others) Take(string key) =>
        (assignments.FirstOrDefault(assignment => assignment.Key == key).Value,
         new HyperParameterOverrides(assignments.Where(assignment => assignment.Key != key).ToList()));

    public static HyperParameterOverrides Parse(IEnumerable<string>? settings)
    {
        var lastValues = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var setting in settings ?? [])
        {
            var equals = setting.IndexOf('=');
            if (equals <= 0 || equals == setting.Length - 1)
            {
                throw new UsageException($"--set expects key=value, got '{setting}'.");
            }

            var key = setting[..equals].Trim();
            var value = setting[(equals + 1)..].Trim();
            if (key == HyperParameterNames.Layout)
            {
                throw new UsageException("--set layout: the layout belongs to the .par file; edit the file (par fmt keeps it canonical).");
            }

            if (value.Contains('\n') || value.Contains('\r'))
            {
                throw new UsageException($"--set {key}: a value is one line, got '{value.ReplaceLineEndings(" ")}'.");
            }

            if (!lastValues.ContainsKey(key))
            {
                order.Add(key);
            }

            lastValues[key] = value;
        }

        return new HyperParameterOverrides(order.Select(key => new KeyValuePair<string, string>(key, lastValues[key])).ToList());
    }

    public ParModel ApplyTo(ParModel model)
    {
        if (assignments.Count == 0)
        {
            return model;
        }

        // The overrides go last, one per line, so the line of a diagnostic names the --set that caused it.
        var lines = ParPrinter.Print(model).TrimEnd('\n').Split('\n').ToList();
        var closingBrace = lines[^1];
        lines.RemoveAt(lines.Count - 1);
        lines.RemoveAll(line => assignments.Any(assignment => KeyOf(line) == assignment.Key));
        var firstOverrideLine = lines.Count + 1;
        lines.AddRange(assignments.Select(assignment => $"    {assignment.Key} = {assignment.Value}"));
        lines.Add(closingBrace);

        var document = ParParser.Parse(string.Join('\n', lines) + "\n", Source);
        var error = document.Diagnostics.FirstOrDefault(diagnostic => diagnostic.Severity == ParSeverity.Error);
        if (error is not null)
        {
            var index = error.Line - firstOverrideLine;
            var culprit = index >= 0 && index < assignments.Count ? $"{Source} {assignments[index].Key}" : Source;
            throw new UsageException($"{culprit}: {error.Message}");
        }

        return model with { HyperParameters = document.Models.Single().HyperParameters };
    }

    /// <summary>The assignments as <c>key=value</c>; empty for none, so <c>--help</c> shows no default for <c>--set</c>.</summary>
    public override string ToString() => string.Join(' ', assignments.Select(assignment => $"{assignment.Key}={assignment.Value}"));

    private static string KeyOf(string line)
    {
        var equals = line.IndexOf('=');
        return equals < 0 ? string.Empty : line[..equals].Trim();
    }
}

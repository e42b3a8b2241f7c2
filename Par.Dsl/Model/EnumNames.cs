using System;
using System.Collections.Generic;
using System.Linq;

namespace Par.Dsl.Model;

/// <summary>
/// How an enum's values are written in text (the DSL, the CLI, JSON, generated code): one table per enum, read both
/// ways, so a value has exactly one spelling.
/// </summary>
public sealed class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private readonly (TEnum Value, string Name)[] entries;

    public EnumNames(params (TEnum Value, string Name)[] entries)
    {
        this.entries = entries;
    }

    /// <summary>Every value with its spelling, in the table's order.</summary>
    public IReadOnlyList<(TEnum Value, string Name)> Entries => entries;

    /// <summary>The accepted spellings for a message: <c>a or b</c>, <c>a, b or c</c>.</summary>
    public string Choices => entries.Length == 1
        ? entries[0].Name
        : string.Join(", ", entries.Take(entries.Length - 1).Select(entry => entry.Name)) + " or " + entries[entries.Length - 1].Name;

    /// <summary>The spelling of <paramref name="value"/>.</summary>
    public string Of(TEnum value)
    {
        foreach (var entry in entries)
        {
            if (EqualityComparer<TEnum>.Default.Equals(entry.Value, value))
            {
                return entry.Name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no spelling for {value}.");
    }

    /// <summary>The value spelled <paramref name="name"/> (exactly, case and all), if there is one.</summary>
    public bool TryParse(string? name, out TEnum value)
    {
        foreach (var entry in entries)
        {
            if (entry.Name == name)
            {
                value = entry.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value spelled <paramref name="name"/>; an <see cref="ArgumentException"/> naming the choices otherwise.</summary>
    public TEnum Parse(string? name) =>
        TryParse(name, out var value) ? value : throw new ArgumentException($"expected {Choices}, got '{name}'", nameof(name));
}

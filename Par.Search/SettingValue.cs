using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Par.Dsl.Model;

namespace Par.Search;

/// <summary>
/// How a <see cref="SearchSetting{TOptions}"/>'s value is spelled: as text (a flag's or bench setting's) and as JSON (a key
/// field), what text it expects (for the message that refuses other text) and its choices as help shows them (<c>a|b</c>;
/// null where the name says what to give). The kinds are <see cref="SettingValue"/>'s; the range is the record's.
/// </summary>
public sealed record SettingValue<T>(string? HelpName, string Expectation, Func<string, (bool Parsed, T Value)> TryParse, Func<T, string> Text, Func<T, JsonNode?> Json)
{
    /// <summary>The value spelled <paramref name="value"/>; an <see cref="ArgumentException"/> saying what was expected otherwise.</summary>
    public T Parse(string value) => TryParse(value) is (true, var parsed) ? parsed : throw new ArgumentException($"expected {Expectation}, got '{value}'.");

    /// <summary>The same spelling for a nullable <typeparamref name="T"/>, absent as null.</summary>
    internal SettingValue<TNullable?> Optional<TNullable>(Func<T, TNullable> wrap, Func<TNullable, T> unwrap)
        where TNullable : struct => new(HelpName, Expectation, given => TryParse(given) is (true, var parsed) ? (true, wrap(parsed)) : (false, null), given => given is { } present ? Text(unwrap(present)) : string.Empty, given => given is { } present ? Json(unwrap(present)) : null);
}

/// <summary>The kinds of <see cref="SettingValue{T}"/> the options use.</summary>
public static class SettingValue
{
    public static SettingValue<int> Count { get; } = new(null, "a whole number", text => (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value), value), Invariant, value => value);

    public static SettingValue<double> Number { get; } = new(null, "a number", text => (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), value), Invariant, value => value);

    /// <summary><c>true</c> or <c>false</c>; a flag given alone means true.</summary>
    public static SettingValue<bool> Switch { get; } = new("true|false", "true or false", text => (bool.TryParse(text, out var value), value), value => value ? "true" : "false", value => value);

    public static SettingValue<int?> OptionalCount { get; } = Count.Optional(value => value, value => value);

    public static SettingValue<double?> OptionalNumber { get; } = Number.Optional(value => value, value => value);

    public static SettingValue<string?> File { get; } = new(null, "a file", text => (text.Length > 0, text), value => value ?? string.Empty, value => value);

    /// <summary>An enum, by its one spelling table.</summary>
    public static SettingValue<TEnum> Named<TEnum>(EnumNames<TEnum> names)
        where TEnum : struct, Enum => Choice<TEnum>((a, b) => a.Equals(b), [.. names.Entries.Select(entry => (entry.Name, entry.Value))]);

    /// <summary>One of a few named values, each value compared by <paramref name="same"/> to find its name.</summary>
    public static SettingValue<T> Choice<T>(Func<T, T, bool> same, params (string Name, T Value)[] choices) => new(
        string.Join('|', choices.Select(choice => choice.Name)),
        string.Join(" or ", choices.Select(choice => choice.Name)),
        text => choices.FirstOrDefault(choice => choice.Name == text) is { Name: not null } found ? (true, found.Value) : (false, default!),
        value => choices.First(choice => same(choice.Value, value)).Name,
        value => choices.First(choice => same(choice.Value, value)).Name);

    private static string Invariant<TValue>(TValue value)
        where TValue : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}

using System;
using System.Text.Json.Nodes;

namespace Par.Search;

/// <summary>
/// One option, declared once (<see cref="SearchSettings"/>, <see cref="Experiment.ExperimentSettings"/>): its name (the flag
/// <c>--NAME</c>, the bench setting <c>NAME=VALUE</c>, the checkpoint key's field), where its value lives in a record, its
/// spelling (<see cref="SettingValue{T}"/>) and its one-line description (the <c>--help</c> line). Its range is the
/// record's own check, so no surface accepts a value the record refuses.
/// </summary>
public sealed class SearchSetting<TOptions>(string name, string description, string? helpName, bool isSwitch, bool onCommandLine, Func<TOptions, string, TOptions> apply, Func<TOptions, string> textIn, Func<TOptions, JsonNode?> keyValue)
    where TOptions : new()
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>The value's choices as help shows them (<see cref="SettingValue{T}.HelpName"/>).</summary>
    public string? HelpName { get; } = helpName;

    /// <summary>A switch's flag given alone means true.</summary>
    public bool IsSwitch { get; } = isSwitch;

    /// <summary>A flag of <c>par search</c>; every setting is a bench setting, and every steering one is in the checkpoint key.</summary>
    public bool OnCommandLine { get; } = onCommandLine;

    /// <summary>The setting <paramref name="get"/> reads and <paramref name="set"/> writes; <paramref name="nullInKeyAtDefault"/>: a key field added later.</summary>
    public static SearchSetting<TOptions> Of<T>(string name, string description, SettingValue<T> value, Func<TOptions, T> get, Func<TOptions, T, TOptions> set, bool onCommandLine = false, bool nullInKeyAtDefault = false) => new(
        name,
        description,
        value.HelpName,
        typeof(T) == typeof(bool),
        onCommandLine,
        (options, text) => set(options, value.Parse(text)),
        options => value.Text(get(options)),
        options => get(options) is var current && nullInKeyAtDefault && Equals(current, get(new TOptions())) ? null : value.Json(current));

    /// <summary>The same setting on a record that holds a <typeparamref name="TOptions"/> (a search's, on an experiment).</summary>
    public SearchSetting<TOuter> Within<TOuter>(Func<TOuter, TOptions> inner, Func<TOuter, TOptions, TOuter> with)
        where TOuter : new() =>
        new(Name, Description, HelpName, IsSwitch, OnCommandLine, (outer, text) => with(outer, Apply(inner(outer), text)), outer => TextIn(inner(outer)), outer => KeyValue(inner(outer)));

    /// <summary><paramref name="options"/> with this setting spelled <paramref name="text"/>, or an <see cref="ArgumentException"/> for this setting saying what was expected.</summary>
    public TOptions Apply(TOptions options, string text)
    {
        try
        {
            return apply(options, text);
        }
        catch (ArgumentException refused)
        {
            var end = refused.Message.IndexOf($" (Parameter '{refused.ParamName}')", StringComparison.Ordinal);
            throw new ArgumentException(end >= 0 ? refused.Message[..end] : refused.Message, Name, refused);
        }
    }

    /// <summary>The setting's value in <paramref name="options"/>, spelled as <see cref="Apply"/> reads it.</summary>
    public string TextIn(TOptions options) => textIn(options);

    /// <summary>The setting's field of the checkpoint key (<see cref="SearchSettings.Steering"/> only).</summary>
    internal JsonNode? KeyValue(TOptions options) => keyValue(options);
}

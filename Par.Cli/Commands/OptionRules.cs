using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;

namespace Par.Cli.Commands;

/// <summary>
/// Range checks on numeric options, attached where each option is declared (a search's settings use their records').
/// They run while the command line is parsed, so a bad value is a usage error (exit 2, naming the option) before any
/// file is read or any work starts, and NaN or infinity never reaches a training run to be mistaken for a divergence.
/// </summary>
internal static class OptionRules
{
    public static Option<int> Positive(this Option<int> option) => option.Require(value => value > 0, "a positive number");

    public static Option<int?> Positive(this Option<int?> option) => option.Require(value => value is null or > 0, "a positive number");

    public static Option<int> NotNegative(this Option<int> option) => option.Require(value => value >= 0, "0 or more");

    public static Option<int?> NotNegative(this Option<int?> option) => option.Require(value => value is null or >= 0, "0 or more");

    public static Option<double> Positive(this Option<double> option) => option.Require(value => double.IsFinite(value) && value > 0, "a finite number > 0");

    public static Option<double> NotNegative(this Option<double> option) => option.Require(value => double.IsFinite(value) && value >= 0, "a finite number >= 0");

    /// <summary>Parses an optional option's one value through the enum's one spelling table (<see cref="Par.Dsl.Model.EnumNames{TEnum}"/>).</summary>
    public static Option<TEnum?> Choices<TEnum>(this Option<TEnum?> option, Par.Dsl.Model.EnumNames<TEnum> names)
        where TEnum : struct, Enum
    {
        var choices = names.Entries.Select(entry => (entry.Name, Value: (TEnum?)entry.Value)).ToArray();
        var accepted = string.Join(" or ", choices.Select(choice => choice.Name));
        option.HelpName = string.Join('|', choices.Select(choice => choice.Name));
        option.CustomParser = result =>
        {
            var given = result.Tokens.Single().Value;
            foreach (var (name, value) in choices)
            {
                if (name == given)
                {
                    return value;
                }
            }

            result.AddError($"{option.Name}: expected {accepted}, got '{given}'.");
            return null;
        };
        return option;
    }

    /// <summary>
    /// The option's value in a command's validator, or the type's default when the option's own parsing failed (it
    /// reports that itself, naming the option).
    /// </summary>
    public static T? ValueOrDefault<T>(this SymbolResult result, Option<T> option) => ValueOrDefault(() => result.GetValue(option));

    /// <inheritdoc cref="ValueOrDefault{T}(SymbolResult, Option{T})"/>
    public static T? ValueOrDefault<T>(this SymbolResult result, Argument<T> argument) => ValueOrDefault(() => result.GetValue(argument));

    private static T? ValueOrDefault<T>(Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>The text the option was given as on the command line, or null when it was not given.</summary>
    public static string? GivenText(this SymbolResult result, Option option) =>
        result.GetResult(option) is { Implicit: false } given ? string.Join(' ', given.Tokens.Select(token => token.Value)) : null;

    private static Option<T> Require<T>(this Option<T> option, Func<T, bool> isValid, string expectation)
    {
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // The text is not a number at all: the parser reports that itself, naming the option.
            }

            if (!isValid(value))
            {
                result.AddError($"{option.Name}: expected {expectation}, got {Format(value)}.");
            }
        });
        return option;
    }

    private static string Format<T>(T value) => value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : $"{value}";
}

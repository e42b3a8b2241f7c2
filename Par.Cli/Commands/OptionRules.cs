using System;
using System.CommandLine;
using System.Globalization;

namespace Par.Cli.Commands;

/// <summary>
/// Range checks on numeric options, attached where each option is declared. They run while the command line is
/// parsed, so a bad value is a usage error (exit 2, naming the option) before any file is read or any work starts,
/// and NaN or infinity never reaches a training run to be mistaken for a divergence.
/// </summary>
internal static class OptionRules
{
    public static Option<int> Positive(this Option<int> option) => option.Require(value => value > 0, "a positive number");

    public static Option<int?> Positive(this Option<int?> option) => option.Require(value => value is null or > 0, "a positive number");

    public static Option<int> NotNegative(this Option<int> option) => option.Require(value => value >= 0, "0 or more");

    public static Option<int?> NotNegative(this Option<int?> option) => option.Require(value => value is null or >= 0, "0 or more");

    public static Option<double> Positive(this Option<double> option) => option.Require(value => double.IsFinite(value) && value > 0, "a finite number > 0");

    public static Option<double> NotNegative(this Option<double> option) => option.Require(value => double.IsFinite(value) && value >= 0, "a finite number >= 0");

    public static Option<double?> Positive(this Option<double?> option) => option.Require(value => value is null || (double.IsFinite(value.Value) && value > 0), "a finite number > 0");

    public static Option<double?> NotNegative(this Option<double?> option) => option.Require(value => value is null || (double.IsFinite(value.Value) && value >= 0), "a finite number >= 0");

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

using System;
using System.Globalization;

namespace Par.Search.Options;

/// <summary>
/// The range checks of the option records, run in their <c>init</c> accessors: a record holding a bad value is never built,
/// by an initializer, a <c>with</c>, a flag or a bench setting, and all report it alike, after the name of what set it.
/// </summary>
internal static class OptionChecks
{
    public static int AtLeast(int value, int minimum, string name) =>
        value >= minimum ? value : Refuse(value, name, minimum switch { 0 => "0 or more", 1 => "a positive number", _ => $"at least {minimum}" });

    public static int OffOrAtLeast(int value, int minimum, string name) =>
        value == 0 || value >= minimum ? value : Refuse(value, name, $"0 (off) or at least {minimum}");

    public static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : Refuse(value, name, "a finite number > 0");

    public static double NotNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : Refuse(value, name, "a finite number >= 0");

    public static double Share(double value, bool inclusive, string name) =>
        (inclusive ? value is >= 0 and <= 1 : value is > 0 and < 1) ? value : Refuse(value, name, inclusive ? "a share from 0 to 1" : "a share above 0 and below 1");

    public static double ShareAboveZero(double value, string name) =>
        value is > 0 and <= 1 ? value : Refuse(value, name, "a share above 0, at most 1");

    private static T Refuse<T>(T value, string name, string expectation)
        where T : IFormattable =>
        throw new ArgumentOutOfRangeException(name, value, $"expected {expectation}, got {value.ToString(null, CultureInfo.InvariantCulture)}.");
}

using System;

namespace Par.Search.Options;

/// <summary>
/// The range checks of the option records, run in their <c>init</c> accessors: a record holding a bad value is never
/// built, by an initializer or a <c>with</c>. The message reads after the name of whatever set the value.
/// </summary>
internal static class OptionChecks
{
    public static int AtLeast(int value, int minimum, string name) =>
        value >= minimum ? value : throw new ArgumentOutOfRangeException(name, value, $"Must be at least {minimum}.");

    public static int OffOrAtLeast(int value, int minimum, string name) =>
        value == 0 || value >= minimum ? value : throw new ArgumentOutOfRangeException(name, value, $"Must be 0 (off) or at least {minimum}.");

    public static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be a finite number above 0.");

    public static double NotNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be 0 or a finite number above it.");

    public static double Share(double value, bool inclusive, string name) =>
        (inclusive ? value is >= 0 and <= 1 : value is > 0 and < 1)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, inclusive ? "Must be in [0, 1]." : "Must be in (0, 1).");

    public static double ShareAboveZero(double value, string name) =>
        value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be in (0, 1].");
}

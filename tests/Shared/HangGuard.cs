using System;
using System.Globalization;

namespace Par.Tests.Shared;

/// <summary>
/// How long a test waits for a child process (a <c>par</c> run, a build) before it calls it hung. Only a real
/// hang may fail a test, never a correct run on a slow or busy machine, so the limit is generous: 30 minutes,
/// or <c>PAR_TEST_HANG_MINUTES</c> when set.
/// </summary>
internal static class HangGuard
{
    public const string Variable = "PAR_TEST_HANG_MINUTES";

    public static TimeSpan Limit { get; } = Read(Environment.GetEnvironmentVariable(Variable));

    private static TimeSpan Read(string? minutes)
    {
        if (string.IsNullOrEmpty(minutes))
        {
            return TimeSpan.FromMinutes(30);
        }

        return double.TryParse(minutes, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromMinutes(value)
            : throw new InvalidOperationException($"{Variable}={minutes}: expected a positive number of minutes.");
    }
}

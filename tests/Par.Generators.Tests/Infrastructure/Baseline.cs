using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Par.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated source with a checked-in file under Baselines/, or rewrites that file when the
/// tests run with <c>/p:UpdateBaselines=true</c> (passed in as assembly metadata by the project file).
/// </summary>
internal static class Baseline
{
    private const string UpdateCommand = "dotnet test tests/Par.Generators.Tests /p:UpdateBaselines=true";

    private static readonly string Directory = Metadata("BaselinesDirectory");

    private static readonly bool Update = string.Equals(Metadata("UpdateBaselines"), "true", StringComparison.OrdinalIgnoreCase);

    public static void AssertMatches(string hintName, string actual)
    {
        var path = Path.Combine(Directory, hintName + ".txt");
        if (Update)
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No baseline {path}. Create it with `{UpdateCommand}`.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length))
            .FirstOrDefault(index => expectedLines[index] != actualLines[index], Math.Min(expectedLines.Length, actualLines.Length));
        Assert.Fail(
            $"Generated {hintName} differs from {path} at line {line + 1}:\n" +
            $"  expected: {Line(expectedLines, line)}\n" +
            $"  actual:   {Line(actualLines, line)}\n" +
            $"If the change is intended, run `{UpdateCommand}` and review the diff.");
    }

    private static string Line(string[] lines, int index) => index < lines.Length ? lines[index] : "<end of file>";

    private static string Metadata(string key) =>
        typeof(Baseline).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value ?? string.Empty;
}

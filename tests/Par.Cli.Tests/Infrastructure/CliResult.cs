using System.Linq;
using System.Text.Json;

namespace Par.Cli.Tests.Infrastructure;

/// <summary>What one run of <c>par</c> did: its exit code and everything it printed.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The last non-empty line of stdout, parsed: with <c>--json</c> it is the command's one JSON value.</summary>
    public JsonElement Json
    {
        get
        {
            var lastLine = Stdout.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.Length > 0)
                ?? throw new Xunit.Sdk.XunitException($"par printed nothing on stdout.\n{this}");
            using var document = JsonDocument.Parse(lastLine);
            return document.RootElement.Clone();
        }
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

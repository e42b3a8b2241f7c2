using System;
using System.Text.Json;
using Spectre.Console;

namespace Par.Cli.Console;

/// <summary>
/// Where a command's human output and machine output go. With <c>--json</c> the last line of stdout
/// is one JSON value and nothing decorative is printed; when stdout is redirected, progress displays
/// are skipped so logs stay readable.
/// </summary>
internal sealed class CliOutput
{
    // Redirected output has no terminal width; Spectre would assume 80 columns and wrap tables.
    private const int RedirectedWidth = 160;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public CliOutput(bool json)
    {
        Json = json;
        if (System.Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }
    }

    public bool Json { get; }

    /// <summary>True when live progress may be drawn: a terminal, and no JSON requested.</summary>
    public bool ShowsProgress => !Json && !System.Console.IsOutputRedirected;

    /// <summary>True when tables and notes should be printed for a person.</summary>
    public bool ShowsHumanOutput => !Json;

    public void Write(Spectre.Console.Rendering.IRenderable renderable)
    {
        if (ShowsHumanOutput)
        {
            AnsiConsole.Write(renderable);
        }
    }

    public void Line(string markup)
    {
        if (ShowsHumanOutput)
        {
            AnsiConsole.MarkupLine(markup);
        }
    }

    /// <summary>Notes go to stderr so they never mix with machine-readable stdout.</summary>
    public static void Note(string text) => System.Console.Error.WriteLine(text);

    public void WriteJson(object value)
    {
        if (Json)
        {
            System.Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
    }
}

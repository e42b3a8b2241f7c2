using System.Collections.Generic;
using Par.Cli.Console;
using Par.Search;
using Par.Search.Progress;
using Par.Search.Reporting;

namespace Par.Cli.Commands;

/// <summary>What both jobs of <c>par search</c> print the same way: close calls, the derivation, an interruption.</summary>
internal static class SearchJobOutput
{
    public static void NoteNarrowDecisions(CliOutput cli, IReadOnlyList<LayerProbabilities> finalProbabilities)
    {
        if (NarrowDecisions.Describe(finalProbabilities) is { } narrow)
        {
            cli.Line($"[yellow]close calls:[/] {Spectre.Console.Markup.Escape(narrow)}");
        }
    }

    public static void NoteDerivation(CliOutput cli, SearchResult result)
    {
        foreach (var line in DerivationReport.Summary(result))
        {
            cli.Line(Spectre.Console.Markup.Escape(line));
        }

        if (DerivationReport.CandidatesMarkdown(result) is { } candidates)
        {
            cli.Line(Spectre.Console.Markup.Escape(candidates.TrimEnd()));
        }
    }

    public static int Interrupted(SearchInterruptedException interrupted)
    {
        CliOutput.Note($"par: interrupted after step {interrupted.Step}; search state saved to {interrupted.CheckpointPath}. Continue with the same command and --resume.");
        return ExitCodes.RunFailure;
    }
}

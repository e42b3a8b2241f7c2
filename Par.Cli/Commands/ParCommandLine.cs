using System.CommandLine;

namespace Par.Cli.Commands;

/// <summary>The <c>par</c> command line: every verb under one root, built here so tests can read its help in-process.</summary>
internal static class ParCommandLine
{
    public static RootCommand Create() => new("par: transformer block layouts as compiled, checked code (NVIDIA's PAR, in .NET).")
    {
        SearchCommand.Create(),
        InfoCommand.Create(),
        CheckCommand.Create(),
        FormatCommand.Create(),
        TrainCommand.Create(),
        EvalCommand.Create(),
        ExportCommand.Create(),
        GenerateCommand.Create(),
        FillCommand.Create(),
        BenchCommand.Create(),
    };
}

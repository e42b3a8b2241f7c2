using System.CommandLine;
using System.IO;
using Par.Cli.Console;
using Par.Runtime.Files;
using Par.Search.Checkpoints;
using Par.Search.Experiment;
using Par.Search.Latency;
using Par.Search.Reporting;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par search</c>: the PAR supernet search. With no file it is the main job (<see cref="MainSearchJob"/>): search
/// <c>[sf-]xN</c> on the data, then train the interleaved baseline and the found model for the same budget and compare
/// them. With a file it searches that supernet or the space of a fixed baseline (<see cref="FileSearchJob"/>). Either
/// way the found model is written back as a canonical <c>.par</c> file with its provenance.
/// </summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var options = new SearchCommandOptions();
        var command = new Command("search", "Find where attention is required: the PAR supernet search, written back as a .par file.");
        foreach (var symbol in options.All)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        command.Validators.Add(options.Validate);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var cli = new CliOutput(parse.GetValue(options.Json));
            var outPath = OutputPath.RequireWritableFile("--out", parse.GetValue(options.Output));
            // A cache is written into; a device's table (bench.py, par bench) is only read, and may be read-only.
            if (options.Given(parse.CommandResult, ExperimentSettings.LatencyTable.Name) is { } latencyTablePath && !IsDeviceTableFile(latencyTablePath))
            {
                OutputPath.RequireWritableFile("--latency-table", latencyTablePath);
            }

            // The found model, its heatmap and report, the search checkpoint and (for the main job) the work folder
            // with its trainings all live in the folder of --out.
            var folder = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            using var folderLock = RunFolderLock.Acquire(folder);
            OutputPath.RequireReplaceable("--out", outPath, parse.GetValue(options.Overwrite), FoundModelWriter.IsFoundModelFile, "a file a search wrote (it has no search provenance header)");
            using var interruption = new Interruption();
            return options.Source(parse.CommandResult) is { } source
                ? FileSearchJob.Run(cli, options, parse, source, outPath, folder, interruption)
                : MainSearchJob.Run(cli, options, parse, outPath, folder, interruption);
        }));
        return command;
    }

    // A regular file is read to tell (a FIFO would block the read; RequireWritableFile refuses it).
    private static bool IsDeviceTableFile(string path) =>
        RegularFile.KindOf(Path.GetFullPath(path)) is null && File.Exists(path) && new LatencyTableCache(path).HoldsDeviceTables;

    /// <summary>The search checkpoint in <paramref name="folder"/>, which <c>--resume</c> needs to exist.</summary>
    public static SearchCheckpointing Checkpointing(SearchCommandOptions options, ParseResult parse, string folder)
    {
        var path = Path.Combine(folder, SearchCheckpointing.FileName);
        if (parse.GetValue(options.Resume) && !File.Exists(path))
        {
            throw new UsageException($"--resume: no search checkpoint at {path}; search without --resume first.");
        }

        return new SearchCheckpointing { Path = path, Every = parse.GetValue(options.CheckpointEvery) };
    }
}

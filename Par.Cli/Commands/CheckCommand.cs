using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Diagnostics;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par check FILE|FOLDER...</c>: every diagnostic the generator would report, without building. A folder stands
/// for the .par files directly in it. Every argument is reported: one that cannot be read is an error of its own,
/// and the files after it are still checked.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "One or more .par files, or folders whose .par files (not those in subfolders) are checked.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = CommonOptions.Json();
        var command = new Command("check", "Report every error, warning and paper-rule note in .par files (exit 2 on errors).")
        {
            files, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var output = new CliOutput(parse.GetValue(json));
            var loaded = new List<LoadedParFile>();
            var failures = new List<(string Path, string Message)>();
            foreach (var path in parse.GetValue(files)!.SelectMany(Expand))
            {
                var (file, problem) = TryLoad(path);
                if (file is null)
                {
                    failures.Add((path, problem!));
                    CliOutput.Note($"par: {problem}");
                    continue;
                }

                loaded.Add(file);
                foreach (var line in file.FormatDiagnostics())
                {
                    if (output.ShowsHumanOutput)
                    {
                        System.Console.Out.WriteLine(line);
                    }
                }
            }

            var diagnostics = loaded.SelectMany(file => file.Document.Diagnostics.Select(diagnostic => (file, diagnostic))).ToList();
            var errors = diagnostics.Count(entry => entry.diagnostic.Severity == ParSeverity.Error) + failures.Count;
            var warnings = diagnostics.Count(entry => entry.diagnostic.Severity == ParSeverity.Warning);
            var models = loaded.Sum(file => file.Document.Models.Count);
            var unreadable = failures.Count > 0 ? $" ({failures.Count} could not be checked)" : string.Empty;
            output.Line($"{loaded.Count + failures.Count} file(s){unreadable}, {models} model(s): {errors} error(s), {warnings} warning(s).");
            output.WriteJson(new
            {
                files = loaded.Count + failures.Count,
                models,
                errors,
                warnings,
                unreadable = failures.Select(failure => new { file = failure.Path, message = failure.Message }),
                diagnostics = diagnostics.Select(entry => new
                {
                    file = entry.file.Path,
                    id = entry.diagnostic.Id,
                    severity = entry.diagnostic.Severity.ToString().ToLowerInvariant(),
                    line = entry.diagnostic.Line,
                    column = entry.diagnostic.Column,
                    message = entry.diagnostic.Message,
                }),
            });
            return errors > 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }));
        return command;
    }

    private static (LoadedParFile? File, string? Problem) TryLoad(string path)
    {
        if (Directory.Exists(path))
        {
            return (null, $"'{path}' is a folder with no .par files in it.");
        }

        try
        {
            return (LoadedParFile.Load(path), null);
        }
        catch (Exception exception) when (exception is UsageException or IOException or UnauthorizedAccessException)
        {
            return (null, CommandRunner.MessageOf(exception));
        }
    }

    /// <summary>A folder is its .par files in name order; an empty one stays itself, to be reported as such.</summary>
    private static IEnumerable<string> Expand(string argument)
    {
        if (!Directory.Exists(argument))
        {
            return [argument];
        }

        var files = Directory.EnumerateFiles(argument, "*.par").Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : [argument];
    }
}

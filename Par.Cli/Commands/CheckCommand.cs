using System.CommandLine;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Diagnostics;

namespace Par.Cli.Commands;

/// <summary><c>par check FILE...</c>: every diagnostic the generator would report, without building.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = CommonOptions.ParFiles();
        var json = CommonOptions.Json();
        var command = new Command("check", "Report every error, warning and paper-rule note in .par files (exit 2 on errors).")
        {
            files, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var output = new CliOutput(parse.GetValue(json));
            var loaded = parse.GetValue(files)!.Select(LoadedParFile.Load).ToList();
            foreach (var line in loaded.SelectMany(file => file.FormatDiagnostics()))
            {
                if (output.ShowsHumanOutput)
                {
                    System.Console.Out.WriteLine(line);
                }
            }

            var diagnostics = loaded.SelectMany(file => file.Document.Diagnostics.Select(diagnostic => (file, diagnostic))).ToList();
            var errors = diagnostics.Count(entry => entry.diagnostic.Severity == ParSeverity.Error);
            var warnings = diagnostics.Count(entry => entry.diagnostic.Severity == ParSeverity.Warning);
            var models = loaded.Sum(file => file.Document.Models.Count);
            output.Line($"{loaded.Count} file(s), {models} model(s): {errors} error(s), {warnings} warning(s).");
            output.WriteJson(new
            {
                files = loaded.Count,
                models,
                errors,
                warnings,
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
}

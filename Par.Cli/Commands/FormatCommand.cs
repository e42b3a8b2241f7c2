using System.CommandLine;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Printing;
using Par.Runtime.Files;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par fmt FILE...</c>: rewrite files in canonical form (runs compressed the way the paper writes
/// them, every hyper-parameter of a model explicit; a file holding only a layout stays one line). The leading comment block is kept; comments inside models
/// cannot be placed in the canonical text, so such files are refused unless --drop-comments is given.
/// </summary>
internal static class FormatCommand
{
    public static Command Create()
    {
        var files = CommonOptions.ParFiles();
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 if any file is not in canonical form." };
        var toStdout = new Option<bool>("--stdout") { Description = "Print the canonical text instead of rewriting the file." };
        var dropComments = new Option<bool>("--drop-comments") { Description = "Allow rewriting files whose comments inside models would be lost." };
        var command = new Command("fmt", "Print .par files in canonical form.") { files, check, toStdout, dropComments };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var unformatted = 0;
            foreach (var loaded in parse.GetValue(files)!.Select(LoadedParFile.Load))
            {
                loaded.RequireValid();
                var (header, hasInnerComments) = CommentHeader.Split(loaded.Text);
                var canonical = header + ParPrinter.Format(loaded.Text, Path.GetFileName(loaded.Path));
                if (parse.GetValue(toStdout))
                {
                    System.Console.Out.Write(canonical);
                    continue;
                }

                if (canonical == loaded.Text)
                {
                    continue;
                }

                unformatted++;
                if (parse.GetValue(check))
                {
                    CliOutput.Note($"{loaded.Path}: not in canonical form (run 'par fmt {loaded.Path}').");
                    continue;
                }

                if (hasInnerComments && !parse.GetValue(dropComments))
                {
                    throw new UsageException($"{loaded.Path}: has comments inside its models that the canonical form cannot keep; pass --drop-comments to rewrite it anyway, or --stdout to see the result.");
                }

                AtomicFile.WriteAllText(OutputPath.RequireWritableFile("fmt", loaded.Path), canonical);
                CliOutput.Note($"formatted {loaded.Path}");
            }

            return parse.GetValue(check) && unformatted > 0 ? ExitCodes.RunFailure : ExitCodes.Success;
        }));
        return command;
    }
}

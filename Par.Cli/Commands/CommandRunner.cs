using System;
using Par.Cli.Console;
using Par.Runtime.Files;

namespace Par.Cli.Commands;

/// <summary>Runs a verb's body and turns failures into one clear line and the documented exit code.</summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UsageException exception)
        {
            CliOutput.Note($"par: {exception.Message}");
            return ExitCodes.BadInput;
        }
        catch (FileWriteException exception)
        {
            // Paths are checked before work starts (OutputPath), so a write that fails now is the run failing (a full
            // disk, a permission lost mid-run), not bad input.
            CliOutput.Note($"par: {exception.Message}");
            return ExitCodes.RunFailure;
        }
        catch (Exception exception) when (IsBadInput(exception))
        {
            CliOutput.Note($"par: {MessageOf(exception)}");
            return ExitCodes.BadInput;
        }
        catch (Par.Runtime.Export.OnnxExportException exception)
        {
            // The input was checked and PyTorch found; the exporter itself failed, with what it printed.
            CliOutput.Note($"par: {exception.Message}");
            return ExitCodes.RunFailure;
        }
        catch (Exception exception) when (exception is Par.Search.SearchDivergedException or Par.Runtime.Training.TrainingDivergedException)
        {
            // A diverged search, or a diverged training inside the main job (par train handles its own).
            CliOutput.Note($"par: {exception.Message}");
            return ExitCodes.RunFailure;
        }
        catch (OperationCanceledException)
        {
            CliOutput.Note("par: cancelled.");
            return ExitCodes.RunFailure;
        }
    }

    /// <summary>
    /// The message for the user: an ArgumentException's own text without the " (Parameter 'stream')" that .NET
    /// appends, which names a variable inside Par, not anything the user typed.
    /// </summary>
    public static string MessageOf(Exception exception)
    {
        if (exception is ArgumentException { ParamName: { } parameter } argument)
        {
            var suffix = argument.Message.IndexOf($" (Parameter '{parameter}')", StringComparison.Ordinal);
            return suffix >= 0 ? argument.Message[..suffix] : argument.Message;
        }

        return exception.Message;
    }

    // The runtime rejects sizes that do not fit the data (a --batch or a split too small for one segment per row)
    // with ArgumentException, a damaged latency cache with InvalidDataException, a damaged or mismatched checkpoint
    // with CheckpointException, a machine without the PyTorch an export needs with PyTorchNotFoundException: all bad input.
    private static bool IsBadInput(Exception exception) =>
        exception is System.IO.IOException or System.IO.InvalidDataException or UnauthorizedAccessException
            or ArgumentException or Par.Runtime.Data.CorpusException or Par.Runtime.Training.CheckpointException
            or Par.Runtime.Export.PyTorchNotFoundException;
}

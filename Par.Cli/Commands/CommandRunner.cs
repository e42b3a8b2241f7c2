using System;
using Par.Cli.Console;

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
        catch (Exception exception) when (IsBadInput(exception))
        {
            CliOutput.Note($"par: {exception.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            CliOutput.Note("par: cancelled.");
            return ExitCodes.RunFailure;
        }
    }

    private static bool IsBadInput(Exception exception) =>
        exception is System.IO.IOException or UnauthorizedAccessException or Par.Runtime.Data.CorpusException;
}

namespace Par.Cli;

/// <summary>Process exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work itself failed: a diverged loss, an unformatted file under --check, an output that could not be written.</summary>
    public const int RunFailure = 1;

    /// <summary>Bad usage or bad input: unknown option, broken .par file, missing or unreadable data.</summary>
    public const int BadInput = 2;
}

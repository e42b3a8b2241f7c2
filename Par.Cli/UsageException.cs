using System;

namespace Par.Cli;

/// <summary>Bad usage or bad input, reported as one clear line and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

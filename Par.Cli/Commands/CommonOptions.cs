using System.CommandLine;

namespace Par.Cli.Commands;

/// <summary>Options shared by several verbs, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON value as the last line of stdout and nothing decorative.",
    };

    public static Option<string?> Model() => new("--model")
    {
        Description = "The model to use when the file defines several (default: the first).",
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a hyper-parameter for this run, e.g. --set d_model=128 (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Argument<string> ParFile() => new("file")
    {
        Description = "A .par file.",
    };

    public static Argument<string[]> ParFiles() => new("files")
    {
        Description = "One or more .par files.",
        Arity = ArgumentArity.OneOrMore,
    };
}

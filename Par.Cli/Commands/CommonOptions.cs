using System.CommandLine;
using System.Linq;
using Par.Cli.Models;

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

    /// <summary><c>--set key=value</c>, repeatable: read as <see cref="HyperParameterOverrides"/> while the command line is parsed.</summary>
    public static Option<HyperParameterOverrides> Set() => new("--set")
    {
        Description = "Override a hyper-parameter for this run, e.g. --set d_model=128 (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = _ => HyperParameterOverrides.None,
        CustomParser = result =>
        {
            try
            {
                return HyperParameterOverrides.Parse(result.Tokens.Select(token => token.Value));
            }
            catch (UsageException exception)
            {
                result.AddError(exception.Message);
                return HyperParameterOverrides.None;
            }
        },
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

using System.CommandLine;
using Par.Cli;
using Par.Cli.Commands;

var root = ParCommandLine.Create();

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        System.Console.Error.WriteLine($"par: {error.Message}");
    }

    System.Console.Error.WriteLine("Run 'par --help' for usage.");
    return ExitCodes.BadInput;
}

return await parse.InvokeAsync();

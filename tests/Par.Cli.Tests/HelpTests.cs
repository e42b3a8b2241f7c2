using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Par.Cli.Commands;

namespace Par.Cli.Tests;

/// <summary>
/// <c>par VERB --help</c> is a summary: one line per option and argument, with a default only where it means
/// something. The details live in docs/cli.md, which names every option. The help is the real one, rendered in-process
/// from the CLI's own tree.
/// </summary>
public class HelpTests
{
    /// <summary>The most characters an option's help (description and default) may take.</summary>
    private const int MaxHelpText = 100;

    public static TheoryData<string> Verbs => new(ParCommandLine.Create().Subcommands.Select(verb => verb.Name));

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Every_option_and_argument_is_one_line_of_help(string verb)
    {
        var rows = Rows(HelpOf(verb));

        Assert.NotEmpty(rows);
        Assert.All(rows, row =>
        {
            Assert.True(row.Text.Length > 0, $"par {verb} --help: '{row.Label}' has no description on its line.");
            Assert.True(row.Text.Length <= MaxHelpText, $"par {verb} --help: '{row.Label}' takes {row.Text.Length} characters (at most {MaxHelpText}; details go to docs/cli.md): {row.Text}");
        });
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void No_default_shown_is_a_type_name(string verb)
    {
        var options = ParCommandLine.Create().Subcommands.Single(command => command.Name == verb).Options;

        Assert.DoesNotContain("[default: Par.", HelpOf(verb));
        foreach (var option in options.Where(option => option.HasDefaultValue))
        {
            var value = option.GetDefaultValue();
            Assert.False(value is not null && value.ToString() == value.GetType().ToString(), $"par {verb} --help: the default of {option.Name} prints as its type, {value}.");
        }
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Docs_cli_md_describes_every_option_of_the_verb(string verb)
    {
        var options = ParCommandLine.Create().Subcommands.Single(command => command.Name == verb).Options;
        var section = DocsSectionOf(verb);

        Assert.All(options.Where(option => !option.Hidden), option => Assert.Contains($"`{option.Name}", section));
    }

    private static string HelpOf(string verb)
    {
        var root = ParCommandLine.Create();
        var help = (HelpAction)root.Options.OfType<HelpOption>().Single().Action!;
        help.MaxWidth = int.MaxValue; // The test's console width must not wrap a row.
        var output = new StringWriter();
        Assert.Equal(0, root.Parse([verb, "--help"]).Invoke(new InvocationConfiguration { Output = output }));
        return output.ToString();
    }

    /// <summary>The section of docs/cli.md headed <c>### `par VERB ...`</c>, up to the next heading.</summary>
    private static string DocsSectionOf(string verb)
    {
        var root = typeof(HelpTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "RepositoryRoot").Value!;
        var lines = File.ReadAllLines(Path.Combine(root, "docs", "cli.md"));
        var heading = Array.FindIndex(lines, line => line.StartsWith($"### `par {verb}", StringComparison.Ordinal));
        Assert.True(heading >= 0, $"docs/cli.md has no section '### `par {verb}`'.");
        return string.Join('\n', lines.Skip(heading + 1).TakeWhile(line => !line.StartsWith('#')));
    }

    /// <summary>The rows of the Arguments and Options sections: a label, two or more spaces, and the help text.</summary>
    private static IReadOnlyList<(string Label, string Text)> Rows(string help)
    {
        var rows = new List<(string, string)>();
        var inSection = false;
        foreach (var line in help.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line is "Arguments:" or "Options:")
            {
                inSection = true;
            }
            else if (!line.StartsWith(' '))
            {
                inSection = false;
            }
            else if (inSection)
            {
                var columns = Regex.Split(line.Trim(), @"\s{2,}");
                rows.Add((columns[0], columns.Length > 1 ? string.Join("  ", columns[1..]) : string.Empty));
            }
        }

        return rows;
    }
}

using System.CommandLine;
using System.Linq;
using Par.Cli.Commands;
using Par.Search;
using Par.Search.Experiment;

namespace Par.Cli.Tests;

/// <summary>The flags of <c>par search</c> that are declared search settings (<see cref="ExperimentSettings"/>) carry the declaration's name, help and value.</summary>
public sealed class SearchSettingFlagsTests
{
    public static TheoryData<string> Flags => new(ExperimentSettings.All.Where(setting => setting.OnCommandLine).Select(setting => setting.Name));

    [Theory]
    [MemberData(nameof(Flags))]
    public void A_declared_flag_sets_the_value_its_bench_setting_and_record_read_back(string name)
    {
        var setting = ExperimentSettings.Named(name);
        var sample = SearchSettingSamples.Texts[name];
        var options = new SearchCommandOptions();
        var command = new RootCommand();
        foreach (var option in options.All.OfType<Option>())
        {
            command.Options.Add(option);
        }

        var parse = command.Parse([$"--{name}", sample]);
        var chosen = options.Over(parse, new ExperimentOptions());

        Assert.Equal(sample, setting.TextIn(chosen));
        Assert.Equal(setting.TextIn(ExperimentSettings.Apply(new ExperimentOptions(), [(setting, sample)])), setting.TextIn(chosen));
        Assert.Equal(setting.Description, options.Declared.Single(pair => pair.Setting == setting).Flag.Description);
    }

    [Fact]
    public void Every_flag_par_search_had_before_the_declarations_is_still_there()
    {
        string[] flags =
        [
            "--from", "--model", "--set", "--data", "--tokens", "--steps", "--search-steps", "--seed", "--sampling", "--path-gradient",
            "--latency-weight", "--latency-exponent", "--latency-loss", "--latency-target", "--latency-target-ms", "--latency-memory-segments",
            "--derive", "--halving-share", "--uniform-weight-steps", "--identity-penalty", "--candidates", "--latency-table",
            "--remeasure-latency", "--out", "--overwrite", "--checkpoint-every", "--resume", "--device", "--threads", "--json",
        ];

        var search = ParCommandLine.Create().Subcommands.Single(verb => verb.Name == "search");

        Assert.Equal(flags.Order(), search.Options.Where(option => !option.Hidden).Select(option => option.Name).Where(flags.Contains).Order());
        Assert.Single(search.Arguments, argument => argument.Name == "file");
    }
}

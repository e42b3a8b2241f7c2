using System.CommandLine;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Counting;
using Par.Dsl.Model;
using Spectre.Console;

namespace Par.Cli.Commands;

/// <summary><c>par info FILE</c>: what each model in a .par file is: layout, block counts, parameters.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var file = CommonOptions.ParFile();
        var model = CommonOptions.Model();
        var set = CommonOptions.Set();
        var json = CommonOptions.Json();
        var command = new Command("info", "Show the layout, block counts, hyper-parameters and parameter count of the models in a .par file.")
        {
            file, model, set, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var output = new CliOutput(parse.GetValue(json));
            var loaded = LoadedParFile.Load(parse.GetValue(file)!).RequireValid();
            var overrides = parse.GetValue(set)!;
            var selectedName = parse.GetValue(model);
            var models = (selectedName is null ? loaded.Document.Models.ToList() : [loaded.SelectModel(selectedName)])
                .Select(overrides.ApplyTo)
                .ToList();

            output.Write(Describe(models));
            output.WriteJson(ToJson(models[0]));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Table Describe(System.Collections.Generic.IReadOnlyList<ParModel> models)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("model", "layout", "layers", "attention", "feed-forward", "parameters", "hyper-parameters");
        foreach (var model in models)
        {
            var hp = model.HyperParameters;
            table.AddRow(
                Markup.Escape(model.Name),
                Markup.Escape(ModelText.Layout(model)),
                model.LayerCount.ToString(),
                model.IsSupernet ? "searched" : model.AttentionBlockCount.ToString(),
                model.IsSupernet ? "searched" : model.FeedForwardBlockCount.ToString(),
                ParameterCounter.Count(model).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape($"d_model {hp.DModel}, heads {hp.Heads}, d_ff {hp.DFeedForward}, vocab {hp.Vocab}, " +
                    $"context {hp.Context}, memory {hp.Memory}, {ModelText.Attention(hp.Attention)}, dropout {ModelText.Number(hp.Dropout)}" +
                    (hp.TieEmbeddings ? ", tied" : string.Empty)));
        }

        return table;
    }

    private static object ToJson(ParModel model) => new
    {
        model = model.Name,
        layout = ModelText.Layout(model),
        layers = model.LayerCount,
        attention_blocks = model.AttentionBlockCount,
        feed_forward_blocks = model.FeedForwardBlockCount,
        supernet = model.IsSupernet,
        @params = ParameterCounter.Count(model),
        hyper_parameters = ModelText.HyperParameterTable(model.HyperParameters),
    };
}

using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Model;
using Par.Runtime.Export;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par export RUN|FILE.par --pytorch --out DIR</c>: the model as a PyTorch back-end (<see cref="PyTorchExport"/>):
/// a trained model (run folder, checkpoint or Par safetensors file) gives the scripts and <c>model.safetensors</c>;
/// a .par file gives the scripts alone, for training from fresh weights.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "A run folder, a checkpoint, a .safetensors file Par wrote, or a .par file." };
        var pytorch = new Option<bool>("--pytorch") { Description = "Write the PyTorch back-end: par_model.py, train.py, bench.py (+ model.safetensors)." };
        var output = new Option<string?>("--out") { Description = "Folder to write into (created if needed)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files in --out that an export did not write (its own are always replaced)." };
        var model = CommonOptions.Model();
        var set = CommonOptions.Set();
        var json = CommonOptions.Json();
        var command = new Command("export", "Export a model for another engine (PyTorch: a module, torchrun training and a latency bench).")
        {
            source, pytorch, output, overwrite, model, set, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var cli = new CliOutput(parse.GetValue(json));
            if (!parse.GetValue(pytorch))
            {
                throw new UsageException("say which back-end to export to: --pytorch (the only one so far).");
            }

            var folder = OutputPath.RequireWritableFolder("--out", parse.GetValue(output) ?? throw new UsageException("--out DIR is required: the folder to write par_model.py and friends into."));
            var path = parse.GetValue(source)!;
            var isParFile = File.Exists(path) && path.EndsWith(".par", StringComparison.OrdinalIgnoreCase);
            if (!isParFile && (parse.GetValue(model) is not null || parse.GetValue(set) is { IsEmpty: false }))
            {
                throw new UsageException("--model and --set apply to a .par file; a trained model is exported as it was trained.");
            }

            foreach (var file in PyTorchExport.FilesWritten(folder, withWeights: !isParFile))
            {
                OutputPath.RequireReplaceable("--out", file, parse.GetValue(overwrite), PyTorchExport.IsWrittenByPar, "a file 'par export' wrote");
            }

            var written = isParFile ? ExportDefinition(path, parse.GetValue(model), parse.GetValue(set)!, folder) : ExportTrained(path, folder);
            foreach (var file in written)
            {
                cli.Line($"wrote {Spectre.Console.Markup.Escape(file)}");
            }

            cli.WriteJson(new { out_dir = folder, files = written.Select(Path.GetFileName).ToArray() });
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string[] ExportDefinition(string path, string? modelName, HyperParameterOverrides overrides, string folder)
    {
        var definition = overrides.ApplyTo(LoadedParFile.Load(path).SelectModel(modelName));
        if (definition.IsSupernet)
        {
            throw new UsageException($"'{definition.Name}' is a search space ([sf-] choices); run 'par search {path}' and export the layout it finds.");
        }

        RequireExportable(definition);
        return PyTorchExport.WriteScripts(folder, definition).ToArray();
    }

    /// <summary>par_model.py has the causal and Transformer-XL paths only; an encoder would load into the wrong model.</summary>
    private static void RequireExportable(ParModel definition)
    {
        if (definition.HyperParameters.Attention.IsBidirectional())
        {
            throw new UsageException(
                $"'{definition.Name}' is a bidirectional encoder; the PyTorch back-end writes causal and xl models only so far (docs/encoders.md). " +
                "Its weights are in the run's checkpoint, and par train --export writes them as .safetensors.");
        }
    }

    private static string[] ExportTrained(string path, string folder)
    {
        using var trained = TrainedModel.Load(path, CPU);
        RequireExportable(trained.Metadata.Model);
        if (Path.GetFullPath(Path.Combine(folder, PyTorchExport.WeightsFile)) == Path.GetFullPath(trained.Path))
        {
            throw new UsageException($"--out {folder} would overwrite the weights being exported ({trained.Path}); choose another folder.");
        }

        return PyTorchExport.Write(folder, trained.Network, trained.Metadata).ToArray();
    }
}

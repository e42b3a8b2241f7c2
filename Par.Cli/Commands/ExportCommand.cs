using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Model;
using Par.Runtime.Export;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par export RUN|FILE.par --pytorch --out DIR</c>: the model as a PyTorch back-end (<see cref="PyTorchExport"/>):
/// a trained model (run folder, checkpoint or Par safetensors file) gives the scripts and <c>model.safetensors</c>;
/// a .par file gives the scripts alone, for training from fresh weights.
/// <c>--onnx</c> writes <c>model.onnx</c> through PyTorch's exporter (<see cref="OnnxExport"/>), for ONNX Runtime
/// (Par.Onnx): a .par file's model gets Par's fresh initial weights and no tokenizer.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "A run folder, a checkpoint, a .safetensors file Par wrote, or a .par file." };
        var pytorch = new Option<bool>("--pytorch") { Description = "Write the PyTorch back-end: par_model.py, train.py, bench.py (+ model.safetensors)." };
        var onnx = new Option<bool>("--onnx") { Description = "Write model.onnx for ONNX Runtime (through PyTorch; PAR_PYTHON picks the Python)." };
        var output = new Option<string?>("--out") { Description = "Folder to write into (created if needed)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files in --out that an export did not write (its own are always replaced)." };
        var model = CommonOptions.Model();
        var set = CommonOptions.Set();
        var json = CommonOptions.Json();
        var command = new Command("export", "Export a model for another engine (PyTorch: a module, torchrun training, a bench; ONNX).")
        {
            source, pytorch, onnx, output, overwrite, model, set, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var cli = new CliOutput(parse.GetValue(json));
            var (writePyTorch, writeOnnx) = (parse.GetValue(pytorch), parse.GetValue(onnx));
            if (!writePyTorch && !writeOnnx)
            {
                throw new UsageException("say which back-end to export to: --pytorch, --onnx, or both.");
            }

            var folder = OutputPath.RequireWritableFolder("--out", parse.GetValue(output) ?? throw new UsageException("--out DIR is required: the folder to write the export into."));
            var path = parse.GetValue(source)!;
            var isParFile = File.Exists(path) && path.EndsWith(".par", StringComparison.OrdinalIgnoreCase);
            if (!isParFile && (parse.GetValue(model) is not null || parse.GetValue(set) is { IsEmpty: false }))
            {
                throw new UsageException("--model and --set apply to a .par file; a trained model is exported as it was trained.");
            }

            var replace = parse.GetValue(overwrite);
            if (writePyTorch)
            {
                foreach (var file in PyTorchExport.FilesWritten(folder, withWeights: !isParFile))
                {
                    OutputPath.RequireReplaceable("--out", file, replace, PyTorchExport.IsWrittenByPar, "a file 'par export' wrote");
                }
            }

            var onnxFile = Path.Combine(folder, OnnxExport.ModelFile);
            if (writeOnnx && !replace && File.Exists(onnxFile))
            {
                throw new UsageException($"--out: {onnxFile} exists; pass --overwrite to replace it, or choose another --out.");
            }

            var definition = isParFile ? Definition(path, parse.GetValue(model), parse.GetValue(set)!) : null;
            // Found before anything is written, so a machine without PyTorch loses nothing and gets the reason at once.
            var python = writeOnnx ? PyTorchPython.Find() : null;
            var written = new List<string>();
            if (definition is not null)
            {
                if (writePyTorch)
                {
                    written.AddRange(PyTorchExport.WriteScripts(folder, definition));
                }

                if (python is not null)
                {
                    manual_seed(0);
                    using var fresh = LayoutModel.Create(definition);
                    written.Add(OnnxExport.Write(folder, fresh, definition, ModelMetadata.DefinitionEntries(definition), python));
                }
            }
            else
            {
                using var trained = TrainedModel.Load(path, CPU);

                if (writePyTorch)
                {
                    written.AddRange(ExportTrained(trained, folder));
                }

                if (python is not null)
                {
                    written.Add(OnnxExport.Write(folder, trained.Network, trained.Metadata.Model, OnnxExport.Properties(trained.Metadata), python));
                }
            }

            foreach (var file in written)
            {
                cli.Line($"wrote {Spectre.Console.Markup.Escape(file)}");
            }

            cli.WriteJson(new { out_dir = folder, files = written.Select(Path.GetFileName).ToArray() });
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ParModel Definition(string path, string? modelName, HyperParameterOverrides overrides)
    {
        var definition = overrides.ApplyTo(LoadedParFile.Load(path).SelectModel(modelName));
        if (definition.IsSupernet)
        {
            throw new UsageException($"'{definition.Name}' is a search space ([sf-] choices); run 'par search {path}' and export the layout it finds.");
        }

        return definition;
    }

    private static IReadOnlyList<string> ExportTrained(TrainedModel trained, string folder)
    {
        if (Path.GetFullPath(Path.Combine(folder, PyTorchExport.WeightsFile)) == Path.GetFullPath(trained.Path))
        {
            throw new UsageException($"--out {folder} would overwrite the weights being exported ({trained.Path}); choose another folder.");
        }

        return PyTorchExport.Write(folder, trained.Network, trained.Metadata);
    }
}

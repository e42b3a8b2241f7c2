using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime.Files;
using static TorchSharp.torch;

namespace Par.Runtime.Export;

/// <summary>
/// The PyTorch back-end of a <c>.par</c> model: a folder with <c>par_model.py</c> (a self-contained PyTorch module for
/// the model, with its architecture built in), <c>train.py</c> (torchrun / DistributedDataParallel training),
/// <c>bench.py</c> (the paper's latency protocol) and, given weights, <c>model.safetensors</c> with
/// <see cref="ModelMetadata"/>. The scripts are the files under <c>Export/PyTorch/</c>, embedded in this assembly.
/// </summary>
public static class PyTorchExport
{
    public const string ModuleFile = "par_model.py";
    public const string TrainScript = "train.py";
    public const string BenchScript = "bench.py";
    public const string WeightsFile = "model.safetensors";

    /// <summary>The first line of every script an export writes: how a later export knows the file is its own to replace.</summary>
    public const string ScriptHeader = "# Written by 'par export --pytorch'; exporting into this folder again replaces this file.";

    private const string ResourcePrefix = "Par.Runtime.Export.PyTorch.";

    private static readonly string[] Scripts = [ModuleFile, TrainScript, BenchScript];

    /// <summary>The files an export into <paramref name="folder"/> writes: the scripts, and the weights when <paramref name="withWeights"/>.</summary>
    public static IReadOnlyList<string> FilesWritten(string folder, bool withWeights) =>
        (withWeights ? Scripts.Append(WeightsFile) : Scripts).Select(file => Path.Combine(folder, file)).ToList();

    /// <summary>
    /// True when <paramref name="path"/>, one of <see cref="FilesWritten"/>, holds what an export wrote: a script that
    /// starts with <see cref="ScriptHeader"/>, or weights with Par's metadata (<see cref="SafetensorsWeights.IsWrittenByPar"/>).
    /// </summary>
    public static bool IsWrittenByPar(string path)
    {
        if (Path.GetFileName(path) == WeightsFile)
        {
            return SafetensorsWeights.IsWrittenByPar(path);
        }

        try
        {
            // Only the header's bytes are read: a file of that name may be anything, of any size.
            var header = Encoding.UTF8.GetBytes(ScriptHeader + "\n");
            var start = new byte[header.Length];
            using var file = File.OpenRead(path);
            return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.AsSpan().SequenceEqual(header);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Writes the scripts for <paramref name="model"/> into <paramref name="folder"/> (created if needed); returns the files written.</summary>
    public static IReadOnlyList<string> WriteScripts(string folder, ParModel model)
    {
        var config = ModelMetadata.ConfigJson(model);
        var written = new List<string>();
        foreach (var script in Scripts)
        {
            var text = ScriptHeader + "\n" + ReadResource(script)
                .Replace("{{PAR_CONFIG}}", config, StringComparison.Ordinal)
                .Replace("{{PAR_TEXT}}", ParPrinter.Print(model), StringComparison.Ordinal)
                .Replace("{{PAR_VERSION}}", ModelMetadata.ParVersion, StringComparison.Ordinal);
            var path = Path.Combine(folder, script);
            AtomicFile.WriteAllText(path, text);
            written.Add(path);
        }

        return written;
    }

    /// <summary>Writes the scripts and the weights of a trained <paramref name="model"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(string folder, nn.Module model, ModelMetadata metadata)
    {
        var written = WriteScripts(folder, metadata.Model).ToList();
        var weights = Path.Combine(folder, WeightsFile);
        SafetensorsWeights.Export(model, weights, metadata);
        written.Add(weights);
        return written;
    }

    private static string ReadResource(string script)
    {
        using var stream = typeof(PyTorchExport).Assembly.GetManifestResourceStream(ResourcePrefix + script)
            ?? throw new InvalidOperationException($"Par.Runtime was built without its embedded {script}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

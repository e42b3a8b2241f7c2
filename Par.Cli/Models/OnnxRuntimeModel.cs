using System;
using System.Collections.Generic;
using System.IO;
using Par.Dsl.Model;
using Par.Onnx;
using Par.Runtime.Export;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Cli.Models;

/// <summary>
/// A model Par holds, exported to ONNX in a scratch folder and loaded by ONNX Runtime, so <c>par bench</c> and
/// <c>par generate</c> run the same weights through either engine. The export goes through PyTorch
/// (<see cref="OnnxExport"/>); the scratch folder goes with this object. A <c>model.onnx</c> given as such is only loaded.
/// </summary>
internal sealed class OnnxRuntimeModel : IDisposable
{
    private readonly string? scratch;

    private OnnxRuntimeModel(ParOnnxModel model, string? scratch)
    {
        Model = model;
        this.scratch = scratch;
    }

    public ParOnnxModel Model { get; }

    /// <summary>Exports <paramref name="network"/> (CPU weights) with <paramref name="metadata"/> and loads it with <paramref name="threads"/> intra-op threads.</summary>
    public static OnnxRuntimeModel Export(nn.Module network, ParModel definition, IReadOnlyDictionary<string, string> metadata, PyTorchPython python, int? threads)
    {
        var scratch = Directory.CreateTempSubdirectory("par-onnxruntime-").FullName;
        try
        {
            var file = OnnxExport.Write(scratch, network, definition, metadata, python);
            return new OnnxRuntimeModel(ParOnnxModel.Load(file, threads), scratch);
        }
        catch
        {
            Directory.Delete(scratch, recursive: true);
            throw;
        }
    }

    /// <summary>A model loaded from a file the user gave, which stays.</summary>
    public static OnnxRuntimeModel Loaded(ParOnnxModel model) => new(model, scratch: null);

    /// <summary>A fresh model of <paramref name="definition"/> as Par builds it (seed 0, as <c>par bench</c> times it), exported.</summary>
    public static OnnxRuntimeModel Fresh(ParModel definition, PyTorchPython python, int? threads)
    {
        manual_seed(0);
        using var network = LayoutModel.Create(definition);
        return Export(network, definition, ModelMetadata.DefinitionEntries(definition), python, threads);
    }

    public void Dispose()
    {
        Model.Dispose();
        if (scratch is not null)
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}

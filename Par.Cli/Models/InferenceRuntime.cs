using System.Collections.Generic;

namespace Par.Cli.Models;

/// <summary>The engine that runs a model's forward: Par's own TorchSharp model, or its ONNX export under ONNX Runtime.</summary>
internal enum InferenceRuntime
{
    Libtorch,
    OnnxRuntime,
}

/// <summary>The spellings of <c>--runtime</c>.</summary>
internal static class InferenceRuntimes
{
    public const string LibtorchName = "libtorch";
    public const string OnnxRuntimeName = "onnxruntime";
    public const string BothName = "both";

    public static string Name(this InferenceRuntime runtime) => runtime == InferenceRuntime.Libtorch ? LibtorchName : OnnxRuntimeName;

    /// <summary>One runtime by name; a usage error naming the choices otherwise.</summary>
    public static InferenceRuntime Parse(string? text) => text switch
    {
        LibtorchName => InferenceRuntime.Libtorch,
        OnnxRuntimeName => InferenceRuntime.OnnxRuntime,
        _ => throw new UsageException($"--runtime: expected {LibtorchName} or {OnnxRuntimeName}, got '{text}'."),
    };

    /// <summary>One runtime, or <c>both</c> (libtorch first, so the ratios are to it).</summary>
    public static IReadOnlyList<InferenceRuntime> ParseOneOrBoth(string? text) => text == BothName
        ? [InferenceRuntime.Libtorch, InferenceRuntime.OnnxRuntime]
        : text is LibtorchName or OnnxRuntimeName
            ? [Parse(text)]
            : throw new UsageException($"--runtime: expected {LibtorchName}, {OnnxRuntimeName} or {BothName}, got '{text}'.");
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Par.Text;

namespace Par.Onnx;

/// <summary>
/// A Par model that <c>par export --onnx</c> wrote, run by ONNX Runtime on the CPU. One <see cref="Forward"/> is one
/// segment: tokens <c>[batch, length]</c> over the memory of the segments before, giving logits and the next memory.
/// An encoder's is one sequence with a padding mask (<see cref="ForwardPadded"/>).
/// </summary>
public sealed class ParOnnxModel : IDisposable
{
    /// <summary>The file an ONNX export writes into its folder.</summary>
    public const string ModelFile = "model.onnx";

    public const string TokensInput = "tokens";
    public const string LogitsOutput = "logits";

    /// <summary>An encoder's second input: <c>[batch, length]</c> bool, false at padding.</summary>
    public const string IsTokenInput = "is_token";

    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    private ParOnnxModel(InferenceSession session, ExportedModelMetadata metadata, string path)
    {
        this.session = session;
        Metadata = metadata;
        Path = path;
        var slots = metadata.Config.MemorySlots;
        inputNames = metadata.Config.IsEncoder
            ? [TokensInput, IsTokenInput]
            : [TokensInput, .. Enumerable.Range(0, slots).Select(slot => $"memory_{slot}")];
        outputNames = [LogitsOutput, .. Enumerable.Range(0, slots).Select(slot => $"new_memory_{slot}")];
    }

    /// <summary>The <c>model.onnx</c> file this model was loaded from.</summary>
    public string Path { get; }

    /// <summary>The .par text, architecture and tokenizer stored with the model.</summary>
    public ExportedModelMetadata Metadata { get; }

    public ModelConfig Config => Metadata.Config;

    /// <summary>Memory tensors <see cref="Forward"/> takes and returns (0 for causal models).</summary>
    public int MemorySlots => Metadata.Config.MemorySlots;

    /// <summary>
    /// Loads <paramref name="path"/> (a <c>model.onnx</c>, or a folder holding one). <paramref name="threads"/> sets
    /// ONNX Runtime's intra-op threads (null: its default, one per core). Its threads wait passively between work
    /// unless <paramref name="spinWhileWaiting"/>: spinning shaves microseconds on a machine of one's own and costs
    /// many times the work on a shared or busy one (Par runs libtorch's OpenMP passive for the same reason). A file
    /// that is missing, is not ONNX, or lacks Par's metadata or inputs is refused with an <see cref="IOException"/>
    /// (<see cref="InvalidDataException"/> for the content) naming it.
    /// </summary>
    public static ParOnnxModel Load(string path, int? threads = null, bool spinWhileWaiting = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Directory.Exists(path) ? System.IO.Path.Combine(path, ModelFile) : path;
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"{file}: no such file; 'par export RUN --onnx --out DIR' writes DIR/{ModelFile}.", file);
        }

        if (threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), $"threads must be at least 1, got {threads}.");
        }

        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads ?? 0,
            InterOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinWhileWaiting ? "1" : "0");
        InferenceSession session;
        try
        {
            session = new InferenceSession(file, options);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new InvalidDataException($"{file}: ONNX Runtime cannot load it as a model ({exception.Message.Trim()}).", exception);
        }

        try
        {
            var metadata = ExportedModelMetadata.Read(session.ModelMetadata.CustomMetadataMap, file);
            var model = new ParOnnxModel(session, metadata, file);
            var missing = model.inputNames.Except(session.InputMetadata.Keys).Concat(model.outputNames.Except(session.OutputMetadata.Keys)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"{file}: its graph lacks {string.Join(", ", missing)}, which its '{metadata.Config.Name}' architecture needs.");
            }

            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The tokenizer the model was trained with; null for a model exported from a .par file with fresh weights.</summary>
    public ITokenizer? CreateTokenizer() => Metadata.Tokenizer?.CreateTokenizer();

    /// <summary>The memory before a first segment of <paramref name="batch"/> rows.</summary>
    public ModelMemory EmptyMemory(int batch = 1) => ModelMemory.Empty(MemorySlots, batch, Config.DModel);

    /// <summary>
    /// One segment: <paramref name="tokens"/> holds <paramref name="batch"/> rows of equal length, row after row, over
    /// <paramref name="memory"/> (from <see cref="EmptyMemory"/> or the last <see cref="SegmentResult.TakeMemory"/>;
    /// ignored, and may be null, for a model without memory). The memory is read, not consumed. An encoder's rows are
    /// whole sequences, none of it padding.
    /// </summary>
    public SegmentResult Forward(ReadOnlySpan<long> tokens, int batch, ModelMemory? memory)
    {
        var length = CheckTokens(tokens, batch);
        if (Config.IsEncoder)
        {
            return RunEncoder(tokens, Enumerable.Repeat(true, tokens.Length).ToArray(), batch, length);
        }

        if (MemorySlots > 0)
        {
            ArgumentNullException.ThrowIfNull(memory);
            if (memory.Slots.Count != MemorySlots || memory.Batch != batch || memory.DModel != Config.DModel)
            {
                throw new ArgumentException(
                    $"the memory holds {memory.Slots.Count} slots of [{memory.Batch}, {memory.Length}, {memory.DModel}]; this model needs {MemorySlots} of [{batch}, any, {Config.DModel}].",
                    nameof(memory));
            }
        }

        var inputs = new List<OrtValue>(inputNames.Length);
        using var tokenValue = OrtValue.CreateTensorValueFromMemory(tokens.ToArray(), [batch, length]);
        inputs.Add(tokenValue);
        if (MemorySlots > 0)
        {
            inputs.AddRange(memory!.Slots);
        }

        var outputs = session.Run(runOptions, inputNames, inputs, outputNames);
        ModelMemory? next = null;
        if (MemorySlots > 0)
        {
            var shape = outputs[1].GetTensorTypeAndShape().Shape;
            next = new ModelMemory(outputs.Skip(1).ToArray(), batch, checked((int)shape[1]), Config.DModel);
        }

        return new SegmentResult(outputs[0], batch, length, checked((int)outputs[0].GetTensorTypeAndShape().Shape[2]), next);
    }

    /// <summary>
    /// An encoder's logits for a padded batch: <paramref name="isToken"/> is false at padding, which no position attends
    /// to, so a padded position's token changes no other position's output; every row needs at least one token.
    /// </summary>
    public SegmentResult ForwardPadded(ReadOnlySpan<long> tokens, ReadOnlySpan<bool> isToken, int batch)
    {
        if (!Config.IsEncoder)
        {
            throw new InvalidOperationException($"'{Config.Name}' has {Config.Attention} attention; only an encoder (bidirectional) takes a padding mask.");
        }

        var length = CheckTokens(tokens, batch);
        if (isToken.Length != tokens.Length)
        {
            throw new ArgumentException($"the padding mask has {isToken.Length} entries for {tokens.Length} tokens.", nameof(isToken));
        }

        for (var row = 0; row < batch; row++)
        {
            if (!isToken.Slice(row * length, length).Contains(true))
            {
                throw new ArgumentException($"row {row} is all padding; every row needs at least one token.", nameof(isToken));
            }
        }

        return RunEncoder(tokens, isToken.ToArray(), batch, length);
    }

    private SegmentResult RunEncoder(ReadOnlySpan<long> tokens, bool[] isToken, int batch, int length)
    {
        using var tokenValue = OrtValue.CreateTensorValueFromMemory(tokens.ToArray(), [batch, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(isToken, [batch, length]);
        var outputs = session.Run(runOptions, inputNames, [tokenValue, maskValue], outputNames);
        return new SegmentResult(outputs[0], batch, length, checked((int)outputs[0].GetTensorTypeAndShape().Shape[2]), null);
    }

    // The rows' length; every token inside the vocabulary, and a model without memory given at most its context.
    private int CheckTokens(ReadOnlySpan<long> tokens, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (tokens.Length == 0 || tokens.Length % batch != 0)
        {
            throw new ArgumentException($"{tokens.Length} tokens do not make {batch} rows of at least one token.", nameof(tokens));
        }

        var length = tokens.Length / batch;
        if (!Config.IsXl && length > Config.Context)
        {
            throw new ArgumentException($"a {Config.Attention} model sees at most context = {Config.Context} tokens per segment, got {length}.", nameof(tokens));
        }

        foreach (var token in tokens)
        {
            if (token < 0 || token >= Config.Vocab)
            {
                throw new ArgumentException($"token {token} is outside the vocabulary [0, {Config.Vocab}).", nameof(tokens));
            }
        }

        return length;
    }

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }
}

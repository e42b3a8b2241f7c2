using System;
using System.Collections.Generic;
using System.Linq;

namespace Par.Onnx;

/// <summary>
/// Feeds a token stream to an exported model as Par's evaluation does, in segments of <c>context</c> tokens from the
/// start, each over the memory the segments before left, but as few tokens at a time as the caller has. The exported
/// graph keeps no cache, so a segment in the making is run again from its start with each new token over the memory
/// before it; its memory is kept once the segment is whole. Every position therefore sees what it would see in one
/// pass over the stream segment by segment. Causal models see the last <c>context</c> tokens, run again each time.
/// </summary>
public sealed class OnnxSegmentStream : IDisposable
{
    private readonly ParOnnxModel model;
    private readonly List<long> segment = new();
    private ModelMemory memory;

    public OnnxSegmentStream(ParOnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        memory = model.EmptyMemory();
    }

    /// <summary>Tokens fed so far.</summary>
    public long Position { get; private set; }

    /// <summary>Feeds <paramref name="tokens"/> (at least one) and returns the logits <c>[vocab]</c> that follow the last of them.</summary>
    public float[] Feed(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0)
        {
            throw new ArgumentException("Feed at least one token.", nameof(tokens));
        }

        return model.Config.IsXl ? FeedSegments(tokens) : FeedWindow(tokens);
    }

    private float[] FeedSegments(IReadOnlyList<int> tokens)
    {
        var context = model.Config.Context;
        float[]? last = null;
        for (var start = 0; start < tokens.Count;)
        {
            var count = Math.Min(tokens.Count - start, context - segment.Count);
            segment.AddRange(tokens.Skip(start).Take(count).Select(token => (long)token));
            (start, Position) = (start + count, Position + count);
            using var result = model.Forward(segment.ToArray(), 1, memory);
            last = result.LogitsAt(0, segment.Count - 1).ToArray();
            if (segment.Count == context)
            {
                segment.Clear();
                if (model.MemorySlots > 0)
                {
                    memory.Dispose();
                    memory = result.TakeMemory()!;
                }
            }
        }

        return last!;
    }

    private float[] FeedWindow(IReadOnlyList<int> tokens)
    {
        segment.AddRange(tokens.Select(token => (long)token));
        segment.RemoveRange(0, Math.Max(0, segment.Count - model.Config.Context));
        Position += tokens.Count;
        using var result = model.Forward(segment.ToArray(), 1, memory);
        return result.LogitsAt(0, segment.Count - 1).ToArray();
    }

    public void Dispose() => memory.Dispose();
}

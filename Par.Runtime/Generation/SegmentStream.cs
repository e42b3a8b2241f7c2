using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Generation;

/// <summary>
/// Feeds a token stream to a model as evaluation does, in segments of <c>context</c> tokens from the start, each
/// attending over the remembered states of the ones before, but as few tokens at a time as the caller has: the
/// memory holds <c>memory + context</c> positions, so a segment in the making stays in it besides the remembered
/// states, and at each segment's end it is cut back to the last <c>memory</c>. Every position therefore sees what it
/// would see in one pass over the stream segment by segment. Causal models have no memory: they see the last
/// <c>context</c> tokens, run again each time.
/// </summary>
public sealed class SegmentStream : IDisposable
{
    private readonly IParLanguageModel model;
    private readonly HyperParameters hp;
    private readonly SegmentMemory? memory;
    private readonly Device device;
    private readonly List<int> window = new();

    /// <param name="model">Put in eval mode; the stream runs without gradients.</param>
    /// <param name="cacheAttention">Whether attention reads the memory's cached keys and values (false: recomputes them, as training does).</param>
    /// <param name="device">Where the model's weights are (CPU when null).</param>
    public SegmentStream(IParLanguageModel model, bool cacheAttention = true, Device? device = null)
    {
        this.model = model;
        hp = model.HyperParameters;
        this.device = device ?? CPU;
        model.AsModule().eval();
        memory = hp.Attention == AttentionKind.Xl ? new SegmentMemory(model.AttentionSlotCount, hp.Memory + hp.Context, cacheAttention) : null;
    }

    /// <summary>Tokens fed so far.</summary>
    public long Position { get; private set; }

    /// <summary>Feeds <paramref name="tokens"/> (at least one) and returns the logits <c>[V]</c> that follow the last of them; the caller owns them.</summary>
    public Tensor Feed(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0)
        {
            throw new ArgumentException("Feed at least one token.", nameof(tokens));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var last = memory is null ? FeedWindow(tokens) : FeedSegments(tokens);
        return last.MoveToOuterDisposeScope();
    }

    private Tensor FeedSegments(IReadOnlyList<int> tokens)
    {
        Tensor? last = null;
        for (var start = 0; start < tokens.Count;)
        {
            var count = (int)Math.Min(tokens.Count - start, hp.Context - (Position % hp.Context));
            var logits = model.forward(Row(tokens.Skip(start).Take(count)), memory);
            last = logits[0, -1];
            (start, Position) = (start + count, Position + count);
            if (Position % hp.Context == 0)
            {
                memory!.Shorten(hp.Memory);
            }
        }

        return last!;
    }

    private Tensor FeedWindow(IReadOnlyList<int> tokens)
    {
        window.AddRange(tokens);
        window.RemoveRange(0, Math.Max(0, window.Count - hp.Context));
        Position += tokens.Count;
        return model.forward(Row(window))[0, -1];
    }

    private Tensor Row(IEnumerable<int> tokens) =>
        tensor(tokens.Select(token => (long)token).ToArray(), dtype: int64, device: device).unsqueeze(0);

    public void Dispose() => memory?.Dispose();
}

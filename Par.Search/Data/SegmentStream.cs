using System;
using static TorchSharp.torch;

namespace Par.Search.Data;

/// <summary>
/// Transformer-XL batching of one token stream: the stream is cut into <c>batch</c> equal rows, and each
/// call returns the next <c>context</c>-token segment of every row (inputs and next-token targets), so
/// segment <c>k+1</c> continues segment <c>k</c> and the segment memory stays meaningful. At the end of the
/// rows it starts over and says so, so the caller can clear the memory.
/// </summary>
internal sealed class SegmentStream : IDisposable
{
    private readonly Tensor rows;
    private readonly int context;
    private long position;

    public SegmentStream(Tensor tokens, int batch, int context)
    {
        var rowLength = tokens.shape[0] / batch;
        if (rowLength < context + 1)
        {
            throw new ArgumentException($"{tokens.shape[0]} tokens cannot fill {batch} rows of one {context}-token segment.", nameof(tokens));
        }

        rows = tokens.narrow(0, 0, rowLength * batch).view(batch, rowLength).clone();
        this.context = context;
    }

    /// <summary>Tokens one call consumes.</summary>
    public long TokensPerSegment => rows.shape[0] * context;

    /// <summary>The next segment; <paramref name="restarted"/> is true when it wrapped to the start of the rows.</summary>
    public (Tensor Inputs, Tensor Targets) Next(out bool restarted)
    {
        restarted = position + context + 1 > rows.shape[1];
        if (restarted)
        {
            position = 0;
        }

        var inputs = rows.narrow(1, position, context);
        var targets = rows.narrow(1, position + 1, context);
        position += context;
        return (inputs, targets);
    }

    public void Dispose() => rows.Dispose();
}

using System;
using System.Linq;
using TorchSharp;

namespace Par.Runtime.Data;

/// <summary>
/// Transformer-XL batching: the stream is cut into <c>batch</c> contiguous rows (row r holds tokens
/// <c>[r·L, (r+1)·L)</c> with <c>L = ⌊N / batch⌋</c>), and step i yields columns <c>[i·C, (i+1)·C)</c> of every
/// row as inputs with the targets one token to the right. Consecutive segments therefore continue each
/// row, which is what makes a segment memory meaningful. After the last full segment the batcher starts
/// a new pass from column 0 (<see cref="Segment.StartsPass"/>, where memory should be reset).
/// The order is fixed by the stream, so <see cref="Position"/> alone restores it.
/// </summary>
public sealed class StreamBatcher
{
    private readonly int[] rows;
    private readonly bool[]? recallRows;
    private readonly int rowLength;

    public StreamBatcher(TokenStream stream, int batch, int context)
    {
        if (batch < 1 || context < 1)
        {
            throw new ArgumentOutOfRangeException(batch < 1 ? nameof(batch) : nameof(context), "Batch and context must be positive.");
        }

        rowLength = stream.Count / batch;
        SegmentsPerPass = (rowLength - 1) / context;
        if (SegmentsPerPass < 1)
        {
            var tokens = stream.Source is null ? $"A stream of {stream.Count} tokens is" : $"{stream.Source}: its {stream.Count} tokens are";
            throw new ArgumentException($"{tokens} too short for {batch} rows of at least {context + 1} tokens; give it more text, or use a smaller batch or context.", nameof(stream));
        }

        Batch = batch;
        Context = context;
        rows = stream.Tokens.Take(batch * rowLength).ToArray();
        recallRows = stream.RecallMask?.Take(batch * rowLength).ToArray();
    }

    public int Batch { get; }

    public int Context { get; }

    /// <summary>Full segments in one pass over the stream.</summary>
    public int SegmentsPerPass { get; }

    /// <summary>Segments yielded so far (across passes); set it to resume where a checkpoint stopped.</summary>
    public long Position { get; set; }

    /// <summary>True when the stream has a recall mask.</summary>
    public bool HasRecallMask => recallRows is not null;

    /// <summary>The segment at <see cref="Position"/>; advances the position.</summary>
    public Segment Next()
    {
        var index = Position++;
        var column = (int)(index % SegmentsPerPass) * Context;
        var inputs = new long[Batch * Context];
        var targets = new long[Batch * Context];
        var recall = recallRows is null ? null : new bool[Batch * Context];
        for (var r = 0; r < Batch; r++)
        {
            var start = r * rowLength + column;
            for (var t = 0; t < Context; t++)
            {
                inputs[r * Context + t] = rows[start + t];
                targets[r * Context + t] = rows[start + t + 1];
                if (recall is not null)
                {
                    recall[r * Context + t] = recallRows![start + t + 1];
                }
            }
        }

        long[] shape = { Batch, Context };
        return new Segment(
            torch.tensor(inputs, shape),
            torch.tensor(targets, shape),
            recall is null ? null : torch.tensor(recall, shape),
            index,
            column == 0);
    }
}

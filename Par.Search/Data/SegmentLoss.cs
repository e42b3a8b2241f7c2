using Par.Runtime.Data;
using Par.Runtime.Memory;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Data;

/// <summary>The supernet's loss on the segments of one stream, with that stream's memory, under the space's <see cref="SegmentObjective"/>.</summary>
internal static class SegmentLoss
{
    /// <summary>
    /// The stream's next segment, prepared for <paramref name="objective"/>; a new pass jumps back to the start of every
    /// row, so the old memory is dropped.
    /// </summary>
    public static Segment Next(StreamBatcher stream, SegmentMemory? memory, SegmentObjective objective)
    {
        var segment = stream.Next();
        if (segment.StartsPass)
        {
            memory?.Reset();
        }

        return objective.Prepare(segment);
    }

    /// <summary>The loss of the supernet's <paramref name="sample"/> on <paramref name="segment"/>.</summary>
    public static Tensor CrossEntropy(Supernet supernet, ArchitectureSample sample, Segment segment, SegmentMemory? memory, Device device) =>
        CrossEntropy(supernet.forward(segment.Inputs.to(device), memory, sample), segment);

    /// <summary>
    /// The loss of <paramref name="predictions"/> (<c>[B, T, vocab]</c>) against the segment's targets; a masked segment's
    /// unchosen positions (<see cref="TokenMasking.NotChosen"/>, cross-entropy's ignored index) count for nothing.
    /// </summary>
    public static Tensor CrossEntropy(Tensor predictions, Segment segment)
    {
        var vocabulary = predictions.shape[^1];
        return nn.functional.cross_entropy(predictions.reshape(-1, vocabulary), segment.Targets.to(predictions.device).reshape(-1));
    }
}

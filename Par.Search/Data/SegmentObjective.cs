using System;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Text;

namespace Par.Search.Data;

/// <summary>
/// What the supernet learns from a segment, as <c>par train</c> teaches a model of the space's attention kind: the next
/// tokens (causal and xl spaces), or for an encoder space the segment BERT-masked (<see cref="TokenMasking"/>) with the
/// tokenizer's <c>[MASK]</c>, its masks following from the search's seed and the segment's index (the same on resume,
/// and the same as a trained layout of the space would see), the loss on the chosen positions only.
/// </summary>
internal sealed record SegmentObjective(TrainingObjective Objective, int MaskToken, long Seed)
{
    /// <summary>The next tokens: a causal or xl space's objective, which needs no mask token and no seed.</summary>
    public static SegmentObjective NextToken { get; } = new(TrainingObjective.CausalLanguageModel, -1, 0);

    /// <summary>
    /// The objective of <paramref name="hp"/>'s attention kind; an encoder needs <paramref name="tokenizer"/>'s mask
    /// token (an <see cref="ArgumentException"/> saying so otherwise).
    /// </summary>
    public static SegmentObjective For(HyperParameters hp, ITokenizer? tokenizer, long seed)
    {
        if (TrainingObjectiveNames.DefaultFor(hp.Attention) != TrainingObjective.MaskedLanguageModel)
        {
            return NextToken;
        }

        var mask = tokenizer?.MaskToken ?? throw new ArgumentException(
            $"An encoder space (attention = bidirectional) searches as a masked language model, which needs the data's tokenizer with {Text.MaskToken.Text}; load the data with its mask token.", nameof(tokenizer));
        return new SegmentObjective(TrainingObjective.MaskedLanguageModel, mask, seed);
    }

    public bool IsMasked => Objective == TrainingObjective.MaskedLanguageModel;

    /// <summary>The segment as the objective trains on it: unchanged, or its inputs masked and only the chosen positions as targets.</summary>
    public Segment Prepare(Segment segment)
    {
        if (!IsMasked)
        {
            return segment;
        }

        var (inputs, targets) = TokenMasking.Mask(segment.Inputs, MaskToken, Seed, segment.Index);
        return segment with { Inputs = inputs, Targets = targets };
    }
}

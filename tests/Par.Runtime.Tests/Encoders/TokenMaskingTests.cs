using System.Linq;
using Par.Runtime.Data;

namespace Par.Runtime.Tests.Encoders;

public class TokenMaskingTests
{
    private const int Vocabulary = 30_000;
    private const int MaskId = Vocabulary;
    private const int Length = 128;

    // 100,352 tokens: 784 sequences of 128, every token distinct from the mask and from its neighbours' ids.
    private static readonly long[] Tokens = Enumerable.Range(0, 784 * Length).Select(i => (long)(i % Vocabulary)).ToArray();

    [Fact]
    public void Bert_masking_chooses_15_percent_and_masks_randomises_and_keeps_them_80_10_10()
    {
        var (inputs, targets) = TokenMasking.Mask(Tokens, Length, MaskId, seed: 42, batchIndex: 0);

        var chosen = Enumerable.Range(0, Tokens.Length).Where(i => targets[i] != TokenMasking.NotChosen).ToList();
        var masked = chosen.Count(i => inputs[i] == MaskId);
        var kept = chosen.Count(i => inputs[i] == Tokens[i]);
        var randomised = chosen.Count(i => inputs[i] != MaskId && inputs[i] != Tokens[i]);

        Assert.InRange((double)chosen.Count / Tokens.Length, 0.145, 0.155);
        Assert.InRange((double)masked / chosen.Count, 0.79, 0.81);
        Assert.InRange((double)randomised / chosen.Count, 0.09, 0.11);
        Assert.InRange((double)kept / chosen.Count, 0.09, 0.11);
        Assert.All(chosen, i => Assert.Equal(Tokens[i], targets[i]));
        Assert.All(Enumerable.Range(0, Tokens.Length).Except(chosen), i => Assert.Equal(Tokens[i], inputs[i]));
        Assert.All(chosen, i => Assert.InRange(inputs[i], 0, MaskId));
    }

    [Fact]
    public void Every_sequence_has_a_target_even_when_15_percent_of_it_is_less_than_one_token()
    {
        var shortRows = Enumerable.Range(0, 400 * 3).Select(i => (long)(i % 7)).ToArray();

        var (_, targets) = TokenMasking.Mask(shortRows, length: 3, maskToken: 7, seed: 1, batchIndex: 0);

        Assert.All(targets.Chunk(3), row => Assert.Contains(row, target => target != TokenMasking.NotChosen));
    }

    [Fact]
    public void The_masks_follow_from_the_seed_and_the_batch_index_alone()
    {
        var first = TokenMasking.Mask(Tokens[..4096], Length, MaskId, seed: 3, batchIndex: 7);
        var again = TokenMasking.Mask(Tokens[..4096], Length, MaskId, seed: 3, batchIndex: 7);
        var otherBatch = TokenMasking.Mask(Tokens[..4096], Length, MaskId, seed: 3, batchIndex: 8);
        var otherSeed = TokenMasking.Mask(Tokens[..4096], Length, MaskId, seed: 4, batchIndex: 7);

        Assert.Equal(first.Inputs, again.Inputs);
        Assert.Equal(first.Targets, again.Targets);
        Assert.NotEqual(first.Targets, otherBatch.Targets);
        Assert.NotEqual(first.Targets, otherSeed.Targets);
    }
}

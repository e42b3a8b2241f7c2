using System;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Search.Data;
using Par.Search.Derivation;
using Par.Search.Space;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Search.Tests;

/// <summary>The search on an encoder space (PAR BERT): segments masked as <c>par train</c> masks them, an encoder found, the same answer for the same seed.</summary>
public sealed class EncoderSearchTests
{
    // The tiny stream's 16 ids, then [MASK] as the 17th, as a tokenizer built for masked training adds it.
    private static readonly SyntheticVocabulary Tokenizer =
        new(Enumerable.Range(0, TinySearch.HyperParameters.Vocab).Select(id => $"t{id}").Append(MaskToken.Text), hasMaskToken: true);

    private static readonly HyperParameters Encoder = TinySearch.HyperParameters with { Attention = AttentionKind.Bidirectional, Memory = 0, Vocab = Tokenizer.VocabularySize };

    private static SearchSpace Space => SearchSpace.Uniform("TinyEncoder", 4, Encoder);

    [Fact]
    public void An_encoder_space_without_the_datas_mask_token_is_refused_before_anything_trains()
    {
        var error = Assert.Throws<ArgumentException>(() => new ArchitectureSearch(Space, TinySearch.Options).Run(TinySearch.Tokens()));

        Assert.Contains(MaskToken.Text, error.Message);
    }

    [Fact]
    public void An_encoder_spaces_segments_are_masked_as_par_train_masks_them_and_a_causal_spaces_are_left_alone()
    {
        using var scope = NewDisposeScope();
        var sequences = arange(0, 32, dtype: ScalarType.Int64).remainder(16).view(2, 16);
        var segment = new Segment(sequences, sequences.roll(-1, 1), null, Index: 5, StartsPass: false);

        var masked = SegmentObjective.For(Encoder, Tokenizer, seed: 7).Prepare(segment);
        var causal = SegmentObjective.For(TinySearch.HyperParameters, null, seed: 7).Prepare(segment);
        var (inputs, targets) = TokenMasking.Mask(sequences, Tokenizer.MaskToken!.Value, 7, 5);

        Assert.True(masked.Inputs.eq(inputs).all().item<bool>());
        Assert.True(masked.Targets.eq(targets).all().item<bool>());
        Assert.Contains(TokenMasking.NotChosen, masked.Targets.data<long>().ToArray());
        Assert.Same(segment, causal);
        Assert.Same(SegmentObjective.NextToken, SegmentObjective.For(TinySearch.HyperParameters, null, seed: 7));
    }

    [Fact]
    public void A_search_with_halving_finds_an_encoder_ranked_by_masked_losses_and_repeats_exactly()
    {
        var options = TinySearch.Options with { Derivation = new DerivationOptions { Strategy = DerivationStrategy.Halving, HalvingStepsShare = 1 } };
        var tokens = TinySearch.Tokens();

        var first = new ArchitectureSearch(Space, options).Run(tokens, tokenizer: Tokenizer);
        var second = new ArchitectureSearch(Space, options).Run(tokens, tokenizer: Tokenizer);

        Assert.Equal(AttentionKind.Bidirectional, first.Found.HyperParameters.Attention);
        Assert.Equal(TinySearch.Flatten(first), TinySearch.Flatten(second));
        Assert.Equal(first.Found, second.Found);
        var trained = first.MeasuredDerivation!.Scored.Where(candidate => candidate.ScratchLoss is not null).ToList();
        Assert.NotEmpty(trained);
        // Scored on masked positions by a masked training: a diverged or unscored training would be NaN.
        Assert.All(trained, candidate => Assert.True(double.IsFinite(candidate.ScratchLoss!.Value) && candidate.ScratchLoss > 0, $"{candidate.Candidate.Layout}: {candidate.ScratchLoss}"));
    }
}

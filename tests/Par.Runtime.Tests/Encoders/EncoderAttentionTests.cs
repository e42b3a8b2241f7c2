using Par.Dsl.Model;
using Par.Runtime.Models;
using Par.Runtime.Tests.Models;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Encoders;

/// <summary>What makes an encoder an encoder: it sees both ways, and nothing flows out of padding.</summary>
public class EncoderAttentionTests
{
    [Theory]
    [InlineData(AttentionKind.Bidirectional, true)]
    [InlineData(AttentionKind.Causal, false)] // the control: the same layout and inputs, where the future must not reach back
    public void Changing_the_last_token_changes_the_first_position_of_an_encoder_and_not_of_a_causal_model(AttentionKind attention, bool reachesBack)
    {
        using var model = NewModel(attention);
        using var tokens = TinyModels.Tokens(1, TinyModels.Context, seed: 5);
        using var changed = WithTokenChanged(tokens, row: 0, position: TinyModels.Context - 1);

        using var original = model.forward(tokens);
        using var altered = model.forward(changed);

        Assert.Equal(reachesBack, !original.narrow(1, 0, 1).allclose(altered.narrow(1, 0, 1), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Changing_a_padded_token_leaves_every_other_position_of_every_row_as_it_was()
    {
        using var model = NewModel(AttentionKind.Bidirectional);
        using var tokens = TinyModels.Tokens(2, TinyModels.Context, seed: 8);
        using var isToken = ones(new long[] { 2, TinyModels.Context }, ScalarType.Bool);
        var padded = TinyModels.Context - 2;
        isToken[1, padded] = false;
        isToken[1, padded + 1] = false;
        using var changed = WithTokenChanged(tokens, row: 1, position: padded);

        using var original = model.ForwardPadded(tokens, isToken);
        using var altered = model.ForwardPadded(changed, isToken);

        Assert.True(original[0].allclose(altered[0], rtol: 0, atol: 0));
        Assert.True(original[1].narrow(0, 0, padded).allclose(altered[1].narrow(0, 0, padded), rtol: 0, atol: 0));
        Assert.True(original[1, padded + 1].allclose(altered[1, padded + 1], rtol: 0, atol: 0));
        Assert.False(original[1, padded].allclose(altered[1, padded], rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Without_the_padding_mask_the_same_change_reaches_the_other_positions()
    {
        // The control: the test above passes because of the mask, not because one token changes too little.
        using var model = NewModel(AttentionKind.Bidirectional);
        using var tokens = TinyModels.Tokens(2, TinyModels.Context, seed: 8);
        using var changed = WithTokenChanged(tokens, row: 1, position: TinyModels.Context - 2);

        using var original = model.ForwardPadded(tokens, null);
        using var altered = model.ForwardPadded(changed, null);

        Assert.False(original[1, 0].allclose(altered[1, 0], rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void A_padding_mask_is_refused_for_a_causal_model()
    {
        using var model = NewModel(AttentionKind.Causal);
        using var tokens = TinyModels.Tokens(1, TinyModels.Context, seed: 5);
        using var isToken = ones(new long[] { 1, TinyModels.Context }, ScalarType.Bool);

        var refusal = Assert.Throws<System.InvalidOperationException>(() => model.ForwardPadded(tokens, isToken));
        Assert.Contains("bidirectional", refusal.Message);
    }

    private static LayoutModel NewModel(AttentionKind attention)
    {
        random.manual_seed(3);
        var model = LayoutModel.Create(TinyModels.Model("s f s f", TinyModels.Parameters(attention, memory: 0)));
        model.eval();
        return model;
    }

    private static Tensor WithTokenChanged(Tensor tokens, int row, int position)
    {
        var changed = tokens.clone();
        changed[row, position] = (tokens[row, position] + 1) % TinyModels.Vocab;
        return changed;
    }
}

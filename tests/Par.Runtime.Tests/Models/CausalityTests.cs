using Par.Dsl.Model;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Models;

public class CausalityTests
{
    [Theory]
    [InlineData(AttentionKind.Xl)]
    [InlineData(AttentionKind.Causal)]
    public void Changing_a_future_token_leaves_earlier_logits_unchanged(AttentionKind attention)
    {
        using var model = LayoutModel.Create(TinyModels.Model("s f [sf-] s", TinyModels.Parameters(attention)));
        model.eval();
        using var tokens = TinyModels.Tokens(1, TinyModels.Context, seed: 5);
        using var changed = ChangeLastToken(tokens);

        using var original = model.forward(tokens);
        using var altered = model.forward(changed);

        AssertSamePrefix(original, altered);
    }

    [Fact]
    public void Xl_stays_causal_when_reading_memory()
    {
        using var model = LayoutModel.Create(TinyModels.Model("s f [sf-] s", TinyModels.Parameters(AttentionKind.Xl)));
        model.eval();
        using var history = TinyModels.Tokens(1, TinyModels.Context, seed: 6);
        using var tokens = TinyModels.Tokens(1, TinyModels.Context, seed: 7);
        using var changed = ChangeLastToken(tokens);
        using var memory = model.CreateMemory();
        using var otherMemory = model.CreateMemory();
        using (model.forward(history, memory))
        using (model.forward(history, otherMemory))
        {
        }

        using var original = model.forward(tokens, memory);
        using var altered = model.forward(changed, otherMemory);

        AssertSamePrefix(original, altered);
    }

    private static Tensor ChangeLastToken(Tensor tokens)
    {
        var changed = tokens.clone();
        var last = tokens.shape[1] - 1;
        changed[0, last] = (tokens[0, last] + 1) % TinyModels.Vocab;
        return changed;
    }

    private static void AssertSamePrefix(Tensor original, Tensor altered)
    {
        var earlier = original.shape[1] - 1;
        Assert.True(original.narrow(1, 0, earlier).allclose(altered.narrow(1, 0, earlier), rtol: 0, atol: 1e-6));
        Assert.False(original.narrow(1, earlier, 1).allclose(altered.narrow(1, earlier, 1), rtol: 0, atol: 1e-6));
    }
}

using System.Linq;
using Par.Runtime.Data;
using Par.Runtime.Training;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Encoders;

public class MaskedLossTests
{
    private const int Vocabulary = 20;
    private const int Length = 40;

    [Fact]
    public void Changing_a_token_that_was_not_chosen_leaves_the_loss_unchanged_and_changing_a_chosen_one_does_not()
    {
        var tokens = Enumerable.Range(0, 2 * Length).Select(i => (long)(i * 7 % Vocabulary)).ToArray();
        var (_, targets) = TokenMasking.Mask(tokens, Length, Vocabulary, seed: 9, batchIndex: 0);
        var unchosen = Enumerable.Range(0, tokens.Length).First(i => targets[i] == TokenMasking.NotChosen);
        var chosen = Enumerable.Range(0, tokens.Length).First(i => targets[i] != TokenMasking.NotChosen);
        using var generator = new Generator(4);
        using var logits = randn(new long[] { 2, Length, Vocabulary + 1 }, generator: generator);

        var loss = LossAfterChanging(tokens, logits, position: null);
        var lossUnchosenChanged = LossAfterChanging(tokens, logits, unchosen);
        var lossChosenChanged = LossAfterChanging(tokens, logits, chosen);

        Assert.Equal(loss, lossUnchosenChanged);
        Assert.NotEqual(loss, lossChosenChanged);
    }

    private static float LossAfterChanging(long[] tokens, Tensor logits, int? position)
    {
        var changed = (long[])tokens.Clone();
        if (position is { } at)
        {
            changed[at] = (changed[at] + 1) % Vocabulary;
        }

        var (_, targets) = TokenMasking.Mask(changed, Length, Vocabulary, seed: 9, batchIndex: 0);
        using var targetTensor = tensor(targets, new long[] { 2, Length });
        using var loss = LanguageModelLoss.Of(logits, targetTensor);
        return loss.item<float>();
    }
}

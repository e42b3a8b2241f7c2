using System;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Generation;
using Par.Runtime.Models;
using Par.Runtime.Tests.Models;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Encoders;

public class MaskFillingTests
{
    private const int Mask = TinyModels.Vocab - 1;

    [Fact]
    public void A_text_gets_the_same_predictions_alone_as_beside_a_longer_text_that_pads_it()
    {
        using var model = NewModel(AttentionKind.Bidirectional);
        int[] shortText = [3, Mask, 7];
        int[] longText = [Mask, 1, 2, 4, Mask, 9];

        var alone = MaskFilling.Predict(model, [shortText], Mask, topK: 4);
        var padded = MaskFilling.Predict(model, [shortText, longText], Mask, topK: 4);

        Assert.Equal(1, alone[0].Single().Position);
        Assert.Equal(alone[0].Single().Candidates.Select(candidate => candidate.Token), padded[0].Single().Candidates.Select(candidate => candidate.Token));
        Assert.All(alone[0].Single().Candidates.Zip(padded[0].Single().Candidates), pair => Assert.Equal(pair.First.Probability, pair.Second.Probability, 1e-6));
        Assert.Equal(new[] { 0, 4 }, padded[1].Select(prediction => prediction.Position));
        Assert.All(padded.SelectMany(text => text).SelectMany(prediction => prediction.Candidates), candidate => Assert.NotEqual(Mask, candidate.Token));
    }

    [Fact]
    public void Filling_refuses_a_causal_model_and_generating_refuses_an_encoder()
    {
        using var causal = NewModel(AttentionKind.Causal);
        using var encoder = NewModel(AttentionKind.Bidirectional);

        Assert.Throws<ArgumentException>(() => MaskFilling.Predict(causal, [[1, Mask]], Mask, topK: 2));
        var refusal = Assert.Throws<ArgumentException>(() => TextGeneration.Continue(encoder, [1, 2], 3, new SamplingOptions(0, 0, 0)));
        Assert.Contains("bidirectional", refusal.Message);
    }

    private static LayoutModel NewModel(AttentionKind attention)
    {
        random.manual_seed(11);
        return LayoutModel.Create(TinyModels.Model("s f s f", TinyModels.Parameters(attention, memory: 0)));
    }
}

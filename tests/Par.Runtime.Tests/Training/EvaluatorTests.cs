using System;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Text;

namespace Par.Runtime.Tests.Training;

public class EvaluatorTests
{
    [Fact]
    public void Reports_loss_over_all_tokens_and_separately_over_recall_tokens()
    {
        using var model = TrainerFixture.NewModel();

        var result = Evaluator.Evaluate(model, TrainerFixture.Corpus.Valid, batch: 4, context: 16, LossUnit.BitsPerToken);

        Assert.Equal(4 * 16 * ((1_000 / 4 - 1) / 16), result.Tokens);
        Assert.InRange(result.Loss, 3.5, 6.0);
        Assert.True(result.RecallTokens > 0);
        Assert.True(double.IsFinite(result.RecallLoss!.Value));
        Assert.InRange(result.RecallAccuracy!.Value, 0, 1);
        Assert.Equal(result.Loss / Math.Log(2), result.Headline, 12);
        Assert.True(model.training);
    }

    [Fact]
    public void A_stream_without_mask_has_no_recall_figures()
    {
        using var model = TrainerFixture.NewModel();
        var stream = new TokenStream(TrainerFixture.Corpus.Valid.Tokens);

        var result = Evaluator.Evaluate(model, stream, 2, 8, LossUnit.Perplexity, maxSegments: 3);

        Assert.Equal(2 * 8 * 3, result.Tokens);
        Assert.Null(result.RecallLoss);
        Assert.Equal(Math.Exp(result.Loss), result.Headline, 9);
    }
}

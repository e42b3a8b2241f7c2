using System;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Models;
using Par.Runtime.Tests.Models;
using Par.Runtime.Tests.Training;
using Par.Runtime.Training;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Encoders;

/// <summary>An encoder's masked-language-model run resumes to the very weights of an uninterrupted one, as a causal run does.</summary>
public class MaskedTrainingResumeTests
{
    private const int InterruptAt = 3;

    private static readonly ByteTokenizer Tokenizer = new(withMaskToken: true);

    private static readonly string Text = string.Concat(Enumerable.Repeat("Call me Ishmael. Some years ago, never mind how long precisely, I went to sea. ", 13));

    private static readonly TrainingData Data = new(
        TokenStream.Encode(Tokenizer, Text),
        TokenStream.Encode(Tokenizer, Text[..400]),
        Tokenizer,
        "model Tiny { layout = s f s f; attention = bidirectional }");

    [Fact]
    public void A_masked_run_resumes_to_exactly_the_weights_of_an_uninterrupted_run()
    {
        using var folder = new TemporaryFolder();
        using var straightModel = NewModel(seed: 1);
        var straight = new Trainer(straightModel, Data, Options(folder.File("straight"))).Run();

        var (interrupted, resumed, resumedModel) = InterruptedTraining.Run(seed => NewModel(seed), Data, Options(folder.File("resumed")), InterruptAt);
        using var resumedWeights = resumedModel;

        Assert.True(interrupted.Interrupted);
        Assert.Equal(InterruptAt, interrupted.Step);
        Assert.Equal(6, straight.Step);
        Assert.Equal(6, resumed.Step);
        Assert.True(double.IsFinite(straight.History[^1].TrainLoss));
        Assert.NotNull(straight.LastValidation?.MaskedAccuracy);
        TrainerFixture.AssertSameWeights(straightModel, resumedWeights);
    }

    [Fact]
    public void Another_seed_masks_other_positions_and_trains_other_weights()
    {
        // Without dropout only the masks can tell the two runs apart.
        using var folder = new TemporaryFolder();
        using var first = NewModel(seed: 1, dropout: 0);
        using var other = NewModel(seed: 1, dropout: 0);
        new Trainer(first, Data, Options(folder.File("first")) with { Seed = 5 }).Run();
        new Trainer(other, Data, Options(folder.File("other")) with { Seed = 6 }).Run();

        var otherState = other.state_dict();
        Assert.Contains(first.state_dict(), pair => !pair.Value.eq(otherState[pair.Key]).all().item<bool>());
    }

    [Fact]
    public void A_causal_model_is_refused_a_masked_objective_and_an_encoder_a_causal_one()
    {
        using var folder = new TemporaryFolder();
        random.manual_seed(1);
        using var causal = LayoutModel.Create(TinyModels.Model("s f", TinyModels.Parameters(AttentionKind.Causal) with { Vocab = Tokenizer.VocabularySize }));
        using var encoder = NewModel(seed: 1);

        var masked = Assert.Throws<ArgumentException>(() => new Trainer(causal, Data, Options(folder.File("a"))));
        var causalObjective = Assert.Throws<ArgumentException>(() => new Trainer(encoder, Data, Options(folder.File("b")) with { Objective = TrainingObjective.CausalLanguageModel }));

        Assert.Contains("mlm", masked.Message);
        Assert.Contains("clm", causalObjective.Message);
    }

    [Fact]
    public void A_masked_objective_needs_a_tokenizer_with_a_mask_token()
    {
        using var folder = new TemporaryFolder();
        using var encoder = NewModel(seed: 1);
        var plainBytes = new ByteTokenizer();
        var data = Data with { Train = TokenStream.Encode(plainBytes, Text), Valid = null, Tokenizer = plainBytes };

        var refusal = Assert.Throws<ArgumentException>(() => new Trainer(encoder, data, Options(folder.File("a"))));

        Assert.Contains(MaskToken.Text, refusal.Message);
    }

    private static LayoutModel NewModel(long seed, double dropout = 0.1)
    {
        random.manual_seed(seed);
        var hp = TinyModels.Parameters(AttentionKind.Bidirectional, memory: 0) with { Vocab = Tokenizer.VocabularySize, Dropout = dropout };
        return LayoutModel.Create(TinyModels.Model("s f s f", hp));
    }

    // The trainer tests' schedule, with rows and segments sized for the tiny model, and the masked objective.
    private static TrainingOptions Options(string checkpointDirectory) =>
        TrainerFixture.Options(checkpointDirectory) with { Batch = 2, Context = TinyModels.Context, Objective = TrainingObjective.MaskedLanguageModel };
}

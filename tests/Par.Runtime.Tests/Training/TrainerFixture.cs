using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Models;
using Par.Runtime.Tests.Models;
using Par.Runtime.Training;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training;

/// <summary>A tiny synthetic corpus, a tiny model and options small enough for a run of a few steps in well under a second.</summary>
internal static class TrainerFixture
{
    public static readonly SyntheticCorpus Corpus = SyntheticCorpus.Generate(new SyntheticCorpusOptions { TrainTokens = 4_000, ValidTokens = 1_000, TestTokens = 1_000 });

    public static TrainingData Data => new(Corpus.Train, Corpus.Valid, Corpus.Vocabulary, "model tiny: (sf)x2");

    /// <summary>
    /// A real Par model, <c>s f s f</c> with Transformer-XL memory over a whole segment and dropout, so an exact
    /// resume needs the weights, the optimizer, the data position, the generator and the memory slots.
    /// </summary>
    public static LayoutModel NewModel(long seed = 1)
    {
        random.manual_seed(seed);
        var hp = TinyModels.Parameters(AttentionKind.Xl, memory: SegmentLength, context: SegmentLength) with { Vocab = Corpus.Vocabulary.VocabularySize };
        return LayoutModel.Create(TinyModels.Model("s f s f", hp));
    }

    private const int SegmentLength = 16;

    public static TrainingOptions Options(string checkpointDirectory) => new()
    {
        Steps = 6,
        Batch = 4,
        Context = SegmentLength,
        LearningRate = 1e-2,
        WarmupSteps = 2,
        EvalInterval = 3,
        EvalBatches = 2,
        CheckpointInterval = 2,
        CheckpointDirectory = checkpointDirectory,
        LogInterval = 1,
    };

    public static void AssertSameWeights(nn.Module expected, nn.Module actual)
    {
        var actualState = actual.state_dict();
        foreach (var (name, tensor) in expected.state_dict())
        {
            AssertIdentical(tensor, actualState[name], name);
        }

        Assert.Equal(expected.state_dict().Keys.OrderBy(k => k), actualState.Keys.OrderBy(k => k));
    }

    /// <summary>Same shape and bit-identical values (torch.equal).</summary>
    public static void AssertIdentical(Tensor expected, Tensor actual, string name)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), $"{name} differs");
    }
}

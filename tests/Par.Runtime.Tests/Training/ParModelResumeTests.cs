using System.Linq;
using System.Threading;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Models;
using Par.Runtime.Tests.Models;
using Par.Runtime.Training;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training;

/// <summary>
/// Resume equality with a real Par model: Transformer-XL attention with segment memory and dropout, so an
/// exact resume needs the weights, the optimizer, the data position, the generator and every memory slot.
/// </summary>
public class ParModelResumeTests
{
    private const int InterruptAt = 3;

    private static readonly ByteTokenizer Tokenizer = new();

    // Two rows of about 500 bytes: six segments of 6 tokens stay inside the first pass, so the memory is never reset.
    private static readonly string Text = string.Concat(Enumerable.Repeat("Call me Ishmael. Some years ago, never mind how long precisely, I went to sea. ", 13));

    private static readonly TrainingData Data = new(
        TokenStream.Encode(Tokenizer, Text),
        TokenStream.Encode(Tokenizer, Text[..400]),
        Tokenizer,
        "model Tiny { layout = s f s f }");

    [Fact]
    public void A_layout_model_with_xl_memory_and_dropout_resumes_to_exactly_the_weights_of_an_uninterrupted_run()
    {
        using var folder = new TemporaryFolder();
        using var straightModel = NewModel(seed: 1);
        var straight = new Trainer(straightModel, Data, Options(folder.File("straight"))).Run();

        using var resumedModel = TrainInterruptedThenResume(folder);

        Assert.Equal(6, straight.Step);
        TrainerFixture.AssertSameWeights(straightModel, resumedModel);
    }

    [Fact]
    public void Resuming_without_restoring_the_segment_memory_would_give_different_weights()
    {
        // The control for the test above: it can only pass because the memory slots travel through the checkpoint.
        using var folder = new TemporaryFolder();
        using var straightModel = NewModel(seed: 1);
        new Trainer(straightModel, Data, Options(folder.File("straight"))).Run();

        using var resumedModel = TrainInterruptedThenResume(folder, WithoutMemory);

        var resumedState = resumedModel.state_dict();
        Assert.Contains(straightModel.state_dict(), pair => !pair.Value.eq(resumedState[pair.Key]).all().item<bool>());
    }

    [Fact]
    public void Training_again_with_the_same_seed_gives_identical_weights_and_with_another_seed_other_weights()
    {
        // The runs start from one initialisation, so only the training seed (dropout, here) can tell them apart.
        using var folder = new TemporaryFolder();
        LayoutModel Trained(long trainingSeed, string name)
        {
            var model = NewModel(seed: 1);
            new Trainer(model, Data, Options(folder.File(name)) with { Seed = trainingSeed }).Run();
            return model;
        }

        using var first = Trained(trainingSeed: 5, "first");
        using var again = Trained(trainingSeed: 5, "again");
        using var other = Trained(trainingSeed: 6, "other");

        TrainerFixture.AssertSameWeights(first, again);
        var otherState = other.state_dict();
        Assert.Contains(first.state_dict(), pair => !pair.Value.eq(otherState[pair.Key]).all().item<bool>());
    }

    /// <summary>Trains to <see cref="InterruptAt"/>, lets <paramref name="editCheckpoint"/> change the checkpoint, and resumes a differently initialised model from it.</summary>
    private static LayoutModel TrainInterruptedThenResume(TemporaryFolder folder, System.Action<string>? editCheckpoint = null)
    {
        var (interrupted, resumed, resumedModel) = InterruptedTraining.Run(NewModel, Data, Options(folder.File("resumed")), InterruptAt, checkpointPath =>
        {
            using (var checkpoint = CheckpointFile.Load(checkpointPath))
            using (var slots = NewModel(seed: 1))
            {
                Assert.Equal(slots.AttentionSlotCount, checkpoint.MemoryState?.Count);
            }

            editCheckpoint?.Invoke(checkpointPath);
        });
        Assert.True(interrupted.Interrupted);
        Assert.Equal(InterruptAt, interrupted.Step);
        Assert.Equal(6, resumed.Step);
        return resumedModel;
    }

    private static LayoutModel NewModel(long seed)
    {
        random.manual_seed(seed);
        var hp = TinyModels.Parameters(AttentionKind.Xl) with { Vocab = Tokenizer.VocabularySize };
        return LayoutModel.Create(TinyModels.Model("s f s f", hp));
    }

    /// <summary>The checkpoint as if its memory had not been saved: still sealed and valid, so the run resumes with an empty memory.</summary>
    private static void WithoutMemory(string checkpointPath) =>
        CheckpointForgery.Rewrite(checkpointPath, _ => { }, entries => entries.Remove(CheckpointFile.MemoryEntry));

    // The trainer tests' schedule, with rows and segments sized for the tiny Par model.
    private static TrainingOptions Options(string checkpointDirectory) =>
        TrainerFixture.Options(checkpointDirectory) with { Batch = 2, Context = TinyModels.Context };
}

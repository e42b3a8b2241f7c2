using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Par.Runtime.Data;
using Par.Runtime.Training;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void Cancel_then_resume_gives_exactly_the_weights_of_an_uninterrupted_run()
    {
        using var folder = new TemporaryFolder();
        using var straightModel = TrainerFixture.NewModel();
        var straight = new Trainer(straightModel, TrainerFixture.Data, TrainerFixture.Options(folder.File("straight"))).Run();

        using var interruptedModel = TrainerFixture.NewModel();
        using var cancellation = new CancellationTokenSource();
        var stopAtThree = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Step == 3)
            {
                cancellation.Cancel();
            }
        });
        var interrupted = new Trainer(interruptedModel, TrainerFixture.Data, TrainerFixture.Options(folder.File("resumed"))).Run(stopAtThree, cancellation.Token);

        // Different initial weights: everything must come from the checkpoint.
        using var resumedModel = TrainerFixture.NewModel(seed: 99);
        var resumed = new Trainer(resumedModel, TrainerFixture.Data, TrainerFixture.Options(folder.File("resumed")) with { ResumeFrom = interrupted.CheckpointPath }).Run();

        Assert.True(interrupted.Interrupted);
        Assert.Equal(3, interrupted.Step);
        Assert.False(resumed.Interrupted);
        Assert.Equal(6, resumed.Step);
        TrainerFixture.AssertSameWeights(straightModel, resumedModel);
        Assert.Equal(straight.History, resumed.History);
        Assert.Equal(straight.LastValidation, resumed.LastValidation);
    }

    [Fact]
    public void Cancellation_saves_a_checkpoint_of_the_last_completed_step()
    {
        using var folder = new TemporaryFolder();
        using var model = TrainerFixture.NewModel();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var result = new Trainer(model, TrainerFixture.Data, TrainerFixture.Options(folder.Path)).Run(cancellation: cancellation.Token);

        Assert.True(result.Interrupted);
        using var checkpoint = CheckpointFile.Load(result.CheckpointPath!);
        Assert.Equal(0, checkpoint.Step);
        Assert.Equal("model tiny: (sf)x2", checkpoint.ParText);
        Assert.Equal(TrainerFixture.Corpus.Vocabulary.Describe().Vocabulary, checkpoint.Tokenizer.Vocabulary);
    }

    [Fact]
    public void A_nan_loss_stops_training_and_leaves_the_last_good_checkpoint_intact()
    {
        using var folder = new TemporaryFolder();
        using var poisoned = new DivergingModel(TrainerFixture.NewModel(), poisonedCall: 5);
        var savedAtStepFour = new Dictionary<string, Tensor>();
        var snapshot = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Step == 4)
            {
                foreach (var (name, tensor) in poisoned.state_dict())
                {
                    savedAtStepFour[name] = tensor.detach().clone().DetachFromDisposeScope();
                }
            }
        });
        var options = TrainerFixture.Options(folder.Path) with { EvalInterval = 0 };

        var error = Assert.Throws<TrainingDivergedException>(() => new Trainer(poisoned, TrainerFixture.Data, options).Run(snapshot));

        Assert.StartsWith("Training diverged at step 5: loss is NaN.", error.Message);
        Assert.Equal(options.CheckpointPath, error.LastCheckpoint);
        using var checkpoint = CheckpointFile.Load(options.CheckpointPath);
        Assert.Equal(4, checkpoint.Step);
        foreach (var (name, tensor) in savedAtStepFour)
        {
            TrainerFixture.AssertIdentical(tensor, checkpoint.ModelState[name], name);
        }

        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void Checkpoints_are_written_atomically_with_the_history_beside_them()
    {
        using var folder = new TemporaryFolder();
        using var model = TrainerFixture.NewModel();

        var result = new Trainer(model, TrainerFixture.Data, TrainerFixture.Options(folder.Path)).Run();

        Assert.Equal(
            new[] { TrainingOptions.CheckpointFileName, TrainingHistoryFile.FileName }.OrderBy(f => f),
            Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OrderBy(f => f));
        var csv = File.ReadAllLines(Path.Combine(folder.Path, TrainingHistoryFile.FileName));
        Assert.Equal("step,train_loss,valid_loss", csv[0]);
        Assert.Equal(7, csv.Length);
        Assert.Equal(new int?[] { 3, 6 }, result.History.Where(r => r.ValidLoss.HasValue).Select(r => (int?)r.Step));
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
    }

    [Fact]
    public void Each_checkpoint_is_announced_with_the_history_up_to_it()
    {
        using var folder = new TemporaryFolder();
        using var model = TrainerFixture.NewModel();
        var options = TrainerFixture.Options(folder.Path);
        var trainer = new Trainer(model, TrainerFixture.Data, options);
        var announced = new List<TrainingCheckpointSaved>();
        trainer.CheckpointSaved += announced.Add;

        var result = trainer.Run();

        Assert.Equal([2, 4, 6], announced.Select(saved => saved.Step));
        Assert.All(announced, saved => Assert.Equal(options.CheckpointPath, saved.Path));
        Assert.All(announced, saved => Assert.Equal(result.History.Take(saved.Step), saved.History));
    }

    [Fact]
    public void Resuming_with_another_tokenizer_is_a_vocabulary_mismatch()
    {
        using var folder = new TemporaryFolder();
        using var model = TrainerFixture.NewModel();
        var options = TrainerFixture.Options(folder.Path) with { Steps = 2 };
        var first = new Trainer(model, TrainerFixture.Data, options).Run();

        var otherTokenizer = TrainerFixture.Data with { Tokenizer = new ByteTokenizer() };
        var error = Assert.Throws<CorpusException>(() => new Trainer(model, otherTokenizer, options with { Steps = 4, ResumeFrom = first.CheckpointPath }).Run());

        Assert.Contains(first.CheckpointPath!, error.Message);
        Assert.Contains("vocabulary mismatch", error.Message);
    }

    [Fact]
    public void Progress_reports_step_rate_and_remaining_time()
    {
        using var folder = new TemporaryFolder();
        using var model = TrainerFixture.NewModel();
        var reports = new List<TrainingProgress>();

        new Trainer(model, TrainerFixture.Data, TrainerFixture.Options(folder.Path)).Run(new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal(Enumerable.Range(1, 6), reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.True(r.TokensPerSecond > 0 && double.IsFinite(r.Loss) && r.TotalSteps == 6));
        Assert.Equal(TimeSpan.Zero, reports[^1].EstimatedRemaining);
        Assert.Equal(1e-2 / 2, reports[0].LearningRate, 12);
    }

    [Fact]
    public void Training_steps_leave_no_live_tensors_behind()
    {
        using var folder = new TemporaryFolder();
        using var model = TrainerFixture.NewModel();
        var adapter = model;
        var options = TrainerFixture.Options(folder.Path);
        new Trainer(adapter, TrainerFixture.Data, options with { Steps = 2 }).Run();
        var afterShortRun = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        new Trainer(adapter, TrainerFixture.Data, options with { Steps = 6 }).Run();

        Assert.Equal(afterShortRun, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void A_checkpoints_weights_load_into_a_fresh_model()
    {
        using var folder = new TemporaryFolder();
        using var trained = TrainerFixture.NewModel();
        var result = new Trainer(trained, TrainerFixture.Data, TrainerFixture.Options(folder.Path) with { Steps = 2 }).Run();
        using var fresh = TrainerFixture.NewModel(seed: 5);

        var checkpoint = CheckpointFile.LoadWeights(result.CheckpointPath!, fresh);

        TrainerFixture.AssertSameWeights(trained, fresh);
        Assert.Equal(2, checkpoint.Step);
        Assert.Equal("model tiny: (sf)x2", checkpoint.ParText);
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Par.Runtime.Data;
using Par.Runtime.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training;

/// <summary>A damaged, forged or mismatched training checkpoint is refused with a <see cref="CheckpointException"/> naming it, and left as it was.</summary>
public class CheckpointIntegrityTests
{
    [Fact]
    public void Every_flipped_bit_is_refused_and_nothing_resumes()
    {
        using var folder = new TemporaryFolder();
        var options = TrainedTwoSteps(folder);
        using var model = TrainerFixture.NewModel();

        var (tried, notRefused) = CheckpointForgery.FlipEachBit(options.CheckpointPath, flips: 300, () =>
            new Trainer(model, TrainerFixture.Data, options with { Steps = 4, ResumeFrom = options.CheckpointPath }).Run());

        Assert.True(tried > 300, $"{tried} positions");
        Assert.Empty(notRefused);
    }

    [Theory]
    [InlineData(CheckpointFile.ModelEntry)]
    [InlineData(CheckpointFile.OptimizerEntry)]
    [InlineData(CheckpointFile.MemoryEntry)]
    public void A_missing_entry_is_refused_naming_it(string entry)
    {
        using var folder = new TemporaryFolder();
        var options = TrainedTwoSteps(folder);
        CheckpointForgery.DropEntry(options.CheckpointPath, entry);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(options.CheckpointPath));

        Assert.Equal($"{options.CheckpointPath}: damaged training checkpoint: entry {entry} is missing.", error.Message);
    }

    [Fact]
    public void An_entry_that_is_not_safetensors_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var options = TrainedTwoSteps(folder);
        CheckpointForgery.Rewrite(options.CheckpointPath, _ => { }, entries => entries[CheckpointFile.ModelEntry] = [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"', (byte)'x', 0, 0, 0, 0, 0]);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(options.CheckpointPath));

        Assert.StartsWith($"{options.CheckpointPath}: entry {CheckpointFile.ModelEntry} is not a valid safetensors file", error.Message);
    }

    [Theory]
    [InlineData("Step", "-1", "Step is -1")]
    [InlineData("BatcherPosition", "-1", "BatcherPosition is -1")]
    [InlineData("BatcherPosition", "1000000000000000", "BatcherPosition is 1000000000000000, outside 0..2")]
    [InlineData("OptimizerStepCount", "3", "OptimizerStepCount is 3, outside 0..2")]
    [InlineData("TorchRngState", "\"AAAA\"", "TorchRngState holds 3 bytes")]
    [InlineData("FormatVersion", "1", "training checkpoint format 1, written by an older Par")]
    public void A_field_out_of_range_is_refused_before_it_reaches_the_run(string field, string json, string problem)
    {
        using var folder = new TemporaryFolder();
        var options = TrainedTwoSteps(folder);
        CheckpointForgery.Rewrite(options.CheckpointPath, manifest => manifest[field] = JsonNode.Parse(json));
        using var model = TrainerFixture.NewModel();

        var error = Assert.Throws<CheckpointException>(() =>
            new Trainer(model, TrainerFixture.Data, options with { Steps = 4, ResumeFrom = options.CheckpointPath }).Run());

        Assert.StartsWith(options.CheckpointPath + ": ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_checkpoint_past_the_steps_asked_for_is_refused()
    {
        using var folder = new TemporaryFolder();
        var options = TrainedTwoSteps(folder);
        CheckpointForgery.Rewrite(options.CheckpointPath, manifest => manifest["Step"] = 1000);
        using var model = TrainerFixture.NewModel();

        var error = Assert.Throws<CheckpointException>(() =>
            new Trainer(model, TrainerFixture.Data, options with { Steps = 6, ResumeFrom = options.CheckpointPath }).Run());

        Assert.Contains("the run is at step 1000, past the 6 steps asked for", error.Message);
    }

    [Fact]
    public void Weights_of_another_shape_are_refused_naming_the_tensor()
    {
        using var folder = new TemporaryFolder();
        var options = TrainedTwoSteps(folder);
        using var model = TrainerFixture.NewModel();
        var (name, weight) = model.state_dict().First();
        CheckpointForgery.Rewrite(options.CheckpointPath, _ => { }, entries =>
        {
            using var buffer = new MemoryStream();
            using var wider = zeros(weight.shape[0] + 1);
            Safetensors.SaveStateDict(buffer, model.state_dict().ToDictionary(pair => pair.Key, pair => pair.Key == name ? wider : pair.Value), leaveOpen: true);
            entries[CheckpointFile.ModelEntry] = buffer.ToArray();
        });

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.LoadWeights(options.CheckpointPath, model));

        Assert.Contains($"entry {CheckpointFile.ModelEntry}: '{name}' is Float32 [{weight.shape[0] + 1}], the model's is Float32 [{string.Join(", ", weight.shape)}]", error.Message);
    }

    [Theory]
    [InlineData("batch", "batch 4 -> 8")]
    [InlineData("seed", "seed 42 -> 43")]
    [InlineData("context", "context 16 -> 8")]
    [InlineData("data", "training data 4,000 tokens")]
    [InlineData("model", "model: line 1: 'model tiny: (sf)x2' -> 'model tiny: (fs)x2'")]
    public void Resuming_with_other_settings_is_refused_naming_each_difference(string setting, string difference)
    {
        using var folder = new TemporaryFolder();
        var options = TrainedTwoSteps(folder);
        var intact = File.ReadAllBytes(options.CheckpointPath);
        var resumed = options with { Steps = 4, ResumeFrom = options.CheckpointPath };
        var data = TrainerFixture.Data;
        (resumed, data) = setting switch
        {
            "batch" => (resumed with { Batch = 8 }, data),
            "seed" => (resumed with { Seed = 43 }, data),
            "context" => (resumed with { Context = 8 }, data),
            "data" => (resumed, data with { Train = new TokenStream(data.Train.Tokens.Skip(1).ToArray()) }),
            _ => (resumed, data with { ParText = "model tiny: (fs)x2" }),
        };
        using var model = TrainerFixture.NewModel();

        var error = Assert.Throws<CheckpointException>(() => new Trainer(model, data, resumed).Run());

        Assert.StartsWith($"{options.CheckpointPath}: written by a run with other settings", error.Message);
        Assert.Contains(difference.Replace("'", string.Empty), error.Message.Replace("'", string.Empty));
        Assert.Equal(intact, File.ReadAllBytes(options.CheckpointPath));
    }

    [Fact]
    public void More_steps_and_another_learning_rate_schedule_may_continue_a_run()
    {
        using var folder = new TemporaryFolder();
        var options = TrainedTwoSteps(folder);
        using var model = TrainerFixture.NewModel();

        var result = new Trainer(model, TrainerFixture.Data, options with
        {
            Steps = 4, LearningRate = 1e-3, WarmupSteps = 0, WeightDecay = 0, GradientClip = 1, CheckpointInterval = 1, ResumeFrom = options.CheckpointPath,
        }).Run();

        Assert.Equal(4, result.Step);
        Assert.Equal([1, 2, 3, 4], result.History.Select(record => record.Step));
    }

    [Fact]
    public void A_save_removes_the_temporary_files_a_killed_run_left_and_nothing_else()
    {
        using var folder = new TemporaryFolder();
        var stale = folder.Write($".{TrainingOptions.CheckpointFileName}.{Guid.NewGuid():N}.tmp", "half a checkpoint");
        var kept = new[]
        {
            folder.Write($".{TrainingOptions.CheckpointFileName}.notes.tmp", "not Par's"),
            folder.Write($".{TrainingOptions.CheckpointFileName}.{Guid.NewGuid():N}.tmp.bak", "not Par's"),
            folder.Write($".other.parckpt.{Guid.NewGuid():N}.tmp", "another file's"),
            folder.Write("scratch.tmp", "the user's"),
        };

        TrainedTwoSteps(folder);

        Assert.False(File.Exists(stale));
        Assert.All(kept, path => Assert.True(File.Exists(path), path));
    }

    private static TrainingOptions TrainedTwoSteps(TemporaryFolder folder)
    {
        using var model = TrainerFixture.NewModel();
        var options = TrainerFixture.Options(folder.Path) with { Steps = 2, EvalInterval = 0 };
        new Trainer(model, TrainerFixture.Data, options).Run();
        return options;
    }
}

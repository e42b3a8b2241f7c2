using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json;
using Par.Cli.Tests.Infrastructure;
using Par.Dsl.Parsing;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Export;
using Par.Runtime.Models;
using Par.Runtime.Training;
using Par.Text;

namespace Par.Cli.Tests;

public class TrainCommandTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    private const string CheckpointFileName = "checkpoint.parckpt";

    [Fact]
    public void Training_reports_finite_train_and_validation_losses_as_json()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var json = run.Result.Json;
        Assert.Equal(TrainedRun.Steps, json.GetProperty("step").GetInt32());
        AssertFinite(json, "train_loss");
        AssertFinite(json, "valid_loss");
        AssertFinite(json, "valid_bpc");
    }

    [Fact]
    public void Training_writes_its_checkpoint_and_curves_into_the_run_folder()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        Assert.True(File.Exists(Path.Combine(run.RunFolder, CheckpointFileName)));
        var curves = Path.Combine(run.RunFolder, "curves.png");
        Assert.True(File.Exists(curves));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(curves).Take(4));
    }

    [Fact]
    public void Exported_weights_load_into_a_fresh_model_of_the_layout_that_scores_the_reported_validation_loss()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        Assert.True(File.Exists(run.ExportedWeights), run.Result.ToString());
        var dataset = Dataset.Load(run.Corpus, Dataset.Bytes);
        var definition = ParParser.Parse(TinyInputs.TinyModel, "Tiny.par").Models.Single();
        definition = definition with { HyperParameters = definition.HyperParameters with { Vocab = dataset.Tokenizer.VocabularySize } };
        TorchSharp.torch.random.manual_seed(1);
        using var model = LayoutModel.Create(definition);
        // The run validated on 2 segments of 2 rows (--batch 2, --eval-batches 2) after its last step.
        double ValidLoss() => Evaluator.Evaluate(model, dataset.Valid, 2, definition.HyperParameters.Context, dataset.Tokenizer.LossUnit, 2).Loss;
        var reported = run.Result.Json.GetProperty("valid_loss").GetDouble();
        Assert.True(System.Math.Abs(reported - ValidLoss()) > 1e-3, "a fresh model already scores the reported loss, so the import would prove nothing");

        SafetensorsWeights.Import(model, run.ExportedWeights);

        Assert.Equal(reported, ValidLoss(), 1e-5);
    }

    [Fact]
    public void Resume_continues_from_the_checkpoint_up_to_the_new_step_count()
    {
        using var folder = new TemporaryFolder();
        var copy = folder.File("run");
        CopyFolder(run.RunFolder, copy);

        var resumed = ParProcess.Run(folder.Path, run.Arguments(copy, "--resume", "--steps", "8", "--json"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(8, resumed.Json.GetProperty("step").GetInt32());
        // One history row per step: the resumed run added steps 7 and 8 to the first run's six.
        Assert.Equal(1 + 8, File.ReadAllLines(Path.Combine(copy, "history.csv")).Length);
    }

    [Fact]
    public void Resume_with_a_different_model_is_bad_input_not_a_crash()
    {
        using var folder = new TemporaryFolder();
        var copy = folder.File("run");
        CopyFolder(run.RunFolder, copy);

        var resumed = ParProcess.Run(folder.Path, run.Arguments(copy, "--resume", "--steps", "8", "--set", "d_model=32", "--json"));

        Assert.True(resumed.ExitCode == 2, resumed.ToString());
        Assert.Contains($"--resume: {Path.Combine(copy, "checkpoint.parckpt")}", resumed.Stderr);
        Assert.Contains("d_model 16 -> 32", resumed.Stderr);
        Assert.DoesNotContain("layout = ", resumed.Stderr);
        Assert.DoesNotContain("Unhandled exception", resumed.Stderr);
    }

    [Theory]
    [InlineData("--batch", "4", "batch 2 -> 4")]
    [InlineData("--seed", "43", "seed 42 -> 43")]
    [InlineData("--data", "other", "training data")]
    public void Resume_with_another_batch_seed_or_data_is_bad_input_naming_the_setting(string option, string value, string difference)
    {
        using var folder = new TemporaryFolder();
        var copy = folder.File("run");
        CopyFolder(run.RunFolder, copy);
        var checkpoint = Path.Combine(copy, CheckpointFileName);
        var saved = File.ReadAllBytes(checkpoint);
        if (option == "--data")
        {
            value = TinyInputs.WriteCorpus(folder, value);
            File.AppendAllText(Path.Combine(value, "train.txt"), "Call me Ishmael.\n");
        }

        var resumed = ParProcess.Run(folder.Path, Replacing(run.Arguments(copy, "--resume", "--steps", "8"), option, value));

        Assert.True(resumed.ExitCode == 2, resumed.ToString());
        Assert.Contains($"{checkpoint}: written by a run with other settings", resumed.Stderr);
        Assert.Contains(difference, resumed.Stderr);
        Assert.DoesNotContain("Unhandled exception", resumed.Stderr);
        Assert.Equal(saved, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void A_checkpoint_with_a_non_finite_weight_is_bad_input_for_resume_and_eval_naming_the_tensor()
    {
        using var folder = new TemporaryFolder();
        var copy = folder.File("run");
        CopyFolder(run.RunFolder, copy);
        var checkpoint = Path.Combine(copy, CheckpointFileName);
        // Saved through the API, so the file is sealed and whole: only its values are wrong.
        using (var saved = CheckpointFile.Load(checkpoint))
        {
            var weight = saved.ModelState["output.bias"];
            var bytes = weight.bytes.ToArray();
            BinaryPrimitives.WriteSingleLittleEndian(bytes, float.NaN);
            weight.bytes = bytes;
            CheckpointFile.Save(checkpoint, saved);
        }

        var resumed = ParProcess.Run(folder.Path, run.Arguments(copy, "--resume", "--steps", "8"));
        var evaluated = ParProcess.Run(folder.Path, "eval", copy, "--data", run.Corpus, "--tokens", "bytes");

        foreach (var result in new[] { resumed, evaluated })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"{checkpoint}: entry model.safetensors: tensor 'output.bias' holds a non-finite value", result.Stderr);
        }
    }

    [Fact]
    public void A_damaged_checkpoint_is_bad_input_for_resume_and_eval_and_stays_as_it_was()
    {
        using var folder = new TemporaryFolder();
        var copy = folder.File("run");
        CopyFolder(run.RunFolder, copy);
        var checkpoint = Path.Combine(copy, CheckpointFileName);
        var damaged = File.ReadAllBytes(checkpoint);
        damaged[damaged.Length / 2] ^= 0x10;
        File.WriteAllBytes(checkpoint, damaged);

        var resumed = ParProcess.Run(folder.Path, run.Arguments(copy, "--resume", "--steps", "8"));
        var evaluated = ParProcess.Run(folder.Path, "eval", copy, "--data", run.Corpus, "--tokens", "bytes");

        foreach (var result in new[] { resumed, evaluated })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"{checkpoint}: ", result.Stderr);
            Assert.Contains("damaged", result.Stderr);
            Assert.DoesNotContain("Unhandled exception", result.Stderr);
        }

        Assert.Equal(damaged, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void Eval_of_the_run_reports_bits_per_byte_on_the_validation_split()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "eval", run.RunFolder, "--data", run.Corpus, "--tokens", "bytes", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(TrainedRun.Steps, result.Json.GetProperty("step").GetInt32());
        AssertFinite(result.Json, "valid_bpc");
    }

    [Fact]
    public void Eval_of_a_byte_trained_run_on_synthetic_data_is_a_vocabulary_mismatch()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "eval", run.RunFolder, "--data", "synthetic", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("vocabulary mismatch", result.Stderr);
    }

    private static void AssertFinite(JsonElement json, string name)
    {
        var value = json.GetProperty(name);
        Assert.True(value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()), $"{name} is {value}");
    }

    /// <summary><paramref name="arguments"/> with <paramref name="option"/> set to <paramref name="value"/>, replacing its value if it is there.</summary>
    private static string[] Replacing(string[] arguments, string option, string value)
    {
        var index = System.Array.IndexOf(arguments, option);
        if (index < 0)
        {
            return [.. arguments, option, value];
        }

        arguments[index + 1] = value;
        return arguments;
    }

    private static void CopyFolder(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}

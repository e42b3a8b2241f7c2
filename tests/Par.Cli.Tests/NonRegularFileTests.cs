using System.IO;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

/// <summary>
/// A FIFO with no writer blocks whoever opens it, forever and silently; a device never ends. Where par needs a regular
/// file it refuses them without opening them: exit 2, naming the file. Before, each of these runs hung (until
/// <see cref="HangGuard"/> failed the test).
/// </summary>
public class NonRegularFileTests
{
    [Fact]
    public void Check_refuses_a_fifo_and_a_device_naming_each()
    {
        using var folder = new TemporaryFolder();
        var fifo = Fifo.Make(folder.File("Model.par"));

        var result = ParProcess.Run(folder.Path, "check", fifo, "/dev/null");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"'{fifo}' is not a regular file (a FIFO)", result.Stderr);
        Assert.Contains("'/dev/null' is not a regular file (a character device)", result.Stderr);
    }

    [Fact]
    public void Training_on_a_folder_whose_train_txt_is_a_fifo_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyInputs.WriteCorpus(folder);
        var train = Path.Combine(corpus, "train.txt");
        File.Delete(train);
        Fifo.Make(train);

        var result = ParProcess.Run(folder.Path, "train", TinyInputs.WriteModel(folder), "--data", corpus, "--tokens", "bytes", "--steps", "2", "--out", folder.File("run"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"'{train}' is not a regular file (a FIFO)", result.Stderr);
    }

    [Theory]
    [InlineData("checkpoint.parckpt")]
    [InlineData("Tiny.safetensors")]
    public void Evaluating_a_fifo_in_place_of_weights_is_refused_naming_it(string name)
    {
        using var folder = new TemporaryFolder();
        var weights = Fifo.Make(folder.File(name));

        var result = ParProcess.Run(folder.Path, "eval", weights, "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"'{weights}' is not a regular file (a FIFO)", result.Stderr);
    }

    [Fact]
    public void Resuming_from_a_fifo_checkpoint_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var checkpoint = Fifo.Make(folder.File(Path.Combine("run", "checkpoint.parckpt")));

        var result = ParProcess.Run(folder.Path, "train", TinyInputs.WriteModel(folder), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "2", "--out", folder.File("run"), "--resume");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"'{checkpoint}' is not a regular file (a FIFO)", result.Stderr);
    }

    [Fact]
    public void A_search_whose_out_is_a_fifo_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var found = Fifo.Make(folder.File("Found.par"));

        var result = ParProcess.Run(folder.Path, "search", folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "2", "--out", found);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--out {found}: is not a regular file (a FIFO)", result.Stderr);
    }
}

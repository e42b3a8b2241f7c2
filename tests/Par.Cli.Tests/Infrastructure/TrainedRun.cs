using System;

namespace Par.Cli.Tests.Infrastructure;

/// <summary>One tiny byte-level training run of 6 steps that exports its weights, shared by the tests that read or continue it.</summary>
public sealed class TrainedRun : IDisposable
{
    public const int Steps = 6;

    private readonly TemporaryFolder folder = new();

    public TrainedRun()
    {
        ModelFile = TinyInputs.WriteModel(folder);
        Corpus = TinyInputs.WriteCorpus(folder);
        RunFolder = folder.File("run");
        ExportedWeights = folder.File("Tiny.safetensors");
        Result = ParProcess.Run(folder.Path, Arguments(RunFolder, "--steps", Steps.ToString(), "--export", ExportedWeights, "--json"));
    }

    public string ModelFile { get; }

    public string Corpus { get; }

    public string RunFolder { get; }

    /// <summary>The final weights, written by <c>--export</c>.</summary>
    public string ExportedWeights { get; }

    internal CliResult Result { get; }

    /// <summary>The <c>par train</c> arguments of this run, writing to <paramref name="runFolder"/>, followed by <paramref name="extra"/>.</summary>
    public string[] Arguments(string runFolder, params string[] extra) =>
    [
        "train", ModelFile, "--data", Corpus, "--tokens", "bytes", "--batch", "2",
        "--eval-interval", "3", "--eval-batches", "2", "--checkpoint-interval", "2", "--out", runFolder, .. extra,
    ];

    public void Dispose() => folder.Dispose();
}

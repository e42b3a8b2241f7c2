using System;

namespace Par.Cli.Tests.Infrastructure;

/// <summary>One tiny byte-level encoder (attention = bidirectional) trained for 6 steps as a masked language model.</summary>
public sealed class TrainedEncoder : IDisposable
{
    public const int Steps = 6;

    // A value runs to the end of its line, so entries on one line are separated by ';'.
    public const string Model = "model Encoder { layout = s f s f; d_model = 16; heads = 2; d_ff = 32; context = 16; dropout = 0; attention = bidirectional }\n";

    private readonly TemporaryFolder folder = new();

    public TrainedEncoder()
    {
        ModelFile = folder.Write("Encoder.par", Model);
        Corpus = TinyInputs.WriteCorpus(folder);
        RunFolder = folder.File("run");
        Result = ParProcess.Run(folder.Path, Arguments(RunFolder, "--steps", Steps.ToString(), "--json"));
    }

    public string ModelFile { get; }

    public string Corpus { get; }

    public string RunFolder { get; }

    internal CliResult Result { get; }

    /// <summary>The <c>par train</c> arguments of this run, writing to <paramref name="runFolder"/>, followed by <paramref name="extra"/>.</summary>
    public string[] Arguments(string runFolder, params string[] extra) =>
    [
        "train", ModelFile, "--data", Corpus, "--tokens", "bytes", "--batch", "2",
        "--eval-interval", "3", "--eval-batches", "2", "--checkpoint-interval", "2", "--out", runFolder, .. extra,
    ];

    public void Dispose() => folder.Dispose();
}

using System;
using System.IO;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Search;
using Par.Search.Reporting;
using Par.Search.Space;

namespace Par.Package.Tests;

/// <summary>
/// The mission end to end: a search writes the layout it found as a .par file, and that file compiles
/// through the Par package into a typed class that trains.
/// </summary>
[Collection(LocalParFeedCollection.Name)]
public sealed class FoundModelConsumerTests(LocalParFeed feed)
{
    private static readonly HyperParameters Tiny = HyperParameters.Default with
    {
        DModel = 16, Heads = 2, DFeedForward = 32, Vocab = 16, Context = 8, Memory = 8, Dropout = 0,
    };

    private const string Program = """
        using Par.Runtime.Training;
        using TorchSharp;
        using static TorchSharp.torch;

        using var model = Consumer.Found.Create();
        using var optimizer = optim.AdamW(model.parameters(), 1e-3);
        var tokens = randint(0, Consumer.Found.Vocab, new long[] { 2, Consumer.Found.Context }, dtype: int64);
        var logits = model.forward(tokens);
        var loss = nn.functional.cross_entropy(logits.reshape(-1, Consumer.Found.Vocab), tokens.reshape(-1));
        loss.backward();
        optimizer.StepSafely(); // torch's step with its scalars held alive (docs/testing.md)
        System.Console.WriteLine($"Found layout={Consumer.Found.Layout} layers={Consumer.Found.LayerCount} loss={loss.item<float>():F3}");
        """;

    [Fact]
    public void A_searched_layout_written_as_par_compiles_in_a_consumer_and_trains_one_step()
    {
        var result = new ArchitectureSearch(
            SearchSpace.Uniform("Tiny", 4, Tiny),
            new SearchOptions { Steps = 12, BatchSize = 2, WarmupSteps = 2, RecordEvery = 4, Seed = 7 }).Run(Tokens());
        using var consumer = new ConsumerProject(feed);
        var found = Path.Combine(consumer.Folder, "Found.par");
        FoundModelWriter.Write(found, result, new SearchProvenance(DateTimeOffset.UnixEpoch, "test pattern", "16 tokens", result.WallTime));
        consumer.AddFile("Program.cs", Program);

        var (buildExit, buildOutput) = consumer.Build();
        Assert.True(buildExit == 0, $"consumer build failed:\n{File.ReadAllText(found)}\n{buildOutput}");

        var (runExit, runOutput) = consumer.Run();
        Assert.True(runExit == 0, $"consumer run failed:\n{runOutput}");
        var layout = Par.Dsl.Printing.ParPrinter.PrintLayout(result.Found.Layout);
        Assert.Contains($"Found layout={layout} layers={result.Found.LayerCount} loss=", runOutput);
    }

    // Every fourth token repeats the one three places back, so attention has something to find.
    private static TokenStream Tokens()
    {
        var random = new Random(3);
        var tokens = new int[2048];
        for (var index = 0; index < tokens.Length; index++)
        {
            tokens[index] = index % 4 == 3 ? tokens[index - 3] : random.Next(Tiny.Vocab);
        }

        return new TokenStream(tokens.ToList());
    }
}

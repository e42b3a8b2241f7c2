using System;

namespace Par.Package.Tests;

/// <summary>The issue's definition of done for the package: one PackageReference, .par files, typed classes.</summary>
[Collection(LocalParFeedCollection.Name)]
public sealed class PackageConsumerTests(LocalParFeed feed)
{
    private const string ParBase = "(sfff)x6 (f)x8\n";

    private const string Tiny = """
        # A model small enough to construct and run in a test.
        model Tiny {
          layout = (sff)x2
          d_model = 32
          heads = 4
          d_ff = 64
          vocab = 50
          context = 8
          memory = 8
        }
        """;

    private const string Program = """
        using TorchSharp;

        System.Console.WriteLine($"ParBase layers={Consumer.ParBase.LayerCount} attention={Consumer.ParBase.AttentionBlockCount} layout={Consumer.ParBase.Layout}");
        using var tiny = Consumer.Tiny.Create();
        using var tokens = torch.zeros(new long[] { 2, 8 }, torch.int64);
        using var logits = tiny.forward(tokens);
        System.Console.WriteLine($"Tiny logits shape={string.Join("x", logits.shape)}");
        """;

    [Fact]
    public void A_consumer_with_ParBase_par_compiles_to_a_typed_model_that_runs()
    {
        using var consumer = new ConsumerProject(feed);
        consumer.AddFile("ParBase.par", ParBase);
        consumer.AddFile("Models/Tiny.par", Tiny);
        consumer.AddFile("Program.cs", Program);

        var (buildExit, buildOutput) = consumer.Build();
        Assert.True(buildExit == 0, $"consumer build failed:\n{buildOutput}");

        var (runExit, runOutput) = consumer.Run();
        Assert.True(runExit == 0, $"consumer run failed:\n{runOutput}");
        Assert.Contains("ParBase layers=32 attention=6 layout=(sfff)x6 (f)x8", runOutput);
        Assert.Contains("Tiny logits shape=2x8x50", runOutput);
    }

    [Fact]
    public void A_bad_par_file_fails_the_build_at_its_line_and_column()
    {
        using var consumer = new ConsumerProject(feed);
        const string bad = """
            # A typo in the layout: q is not a block.
            model Bad {
              layout = s q f
            }
            """;
        consumer.AddFile("Bad.par", bad);
        consumer.AddFile("Program.cs", "System.Console.WriteLine(\"unreachable\");\n");

        var (exitCode, output) = consumer.Build();

        var line = 3;
        var column = bad.Split('\n')[line - 1].IndexOf('q', StringComparison.Ordinal) + 1;
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Bad.par({line},{column}): error PAR0002", output);
    }
}

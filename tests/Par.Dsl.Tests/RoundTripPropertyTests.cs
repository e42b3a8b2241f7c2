using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using Par.Dsl.Validation;

namespace Par.Dsl.Tests;

/// <summary>Parse(Print(m)) == m, over seeded random models (reproducible: the failing seed is in the message).</summary>
public class RoundTripPropertyTests
{
    private const int Cases = 1500;

    private static readonly Layer[] LayerKinds =
    {
        Layer.Fixed(BlockKind.SelfAttention),
        Layer.Fixed(BlockKind.FeedForward),
        Layer.Choice(BlockKind.SelfAttention, BlockKind.FeedForward),
        Layer.Choice(BlockKind.SelfAttention, BlockKind.Identity),
        Layer.Choice(BlockKind.FeedForward, BlockKind.Identity),
        Layer.Choice(BlockKind.SelfAttention, BlockKind.FeedForward, BlockKind.Identity),
    };

    [Fact]
    public void Printed_models_parse_back_to_equal_models()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var model = RandomModel(new Random(seed));
            var printed = ParPrinter.Print(model);

            var document = ParParser.Parse(printed, "RoundTrip.par");

            Assert.False(document.HasErrors, $"seed {seed}:\n{printed}\n{string.Join("\n", document.Diagnostics)}");
            Assert.True(model == Assert.Single(document.Models), $"seed {seed}: the model changed in a round trip:\n{printed}");
        }
    }

    [Fact]
    public void Printed_layouts_parse_back_as_layout_only_files()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var layout = RandomLayout(new Random(seed));
            var printed = ParPrinter.PrintLayout(layout);

            var model = Assert.Single(ParParser.Parse(printed, "Sample.par").Models);

            Assert.True(layout.SequenceEqual(model.Layout), $"seed {seed}: {printed}");
            Assert.Equal(printed, ParPrinter.PrintLayout(model.Layout));
        }
    }

    [Fact]
    public void Printed_documents_with_several_models_parse_back_equal()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var models = Enumerable.Range(0, random.Next(1, 5)).Select(index => RandomModel(random) with { Name = "Model" + index }).ToEquatableArray();
            var document = new ParDocument("Generated.Models" + seed, models, EquatableArray<Par.Dsl.Diagnostics.ParDiagnostic>.Empty);

            var reparsed = ParParser.Parse(ParPrinter.Print(document), "Doc.par");

            Assert.Equal(document.Namespace, reparsed.Namespace);
            Assert.Equal(document.Models, reparsed.Models);
        }
    }

    private static ParModel RandomModel(Random random)
    {
        var dModel = random.Next(4) == 0 ? random.Next(1, HyperParameterLimits.MaxModelWidth + 1) : random.Next(1, 2049);
        var divisors = Enumerable.Range(1, Math.Min(dModel, 4096)).Where(candidate => dModel % candidate == 0).ToList();
        var attention = (AttentionKind)random.Next(3);
        var hyperParameters = new HyperParameters
        {
            DModel = dModel,
            Heads = divisors[random.Next(divisors.Count)],
            DFeedForward = random.Next(1, HyperParameterLimits.MaxDimension + 1),
            Vocab = random.Next(1, 70_000),
            Context = random.Next(1, 4097),
            Memory = attention == AttentionKind.Bidirectional ? 0 : random.Next(1, 4097),
            Dropout = random.Next(3) switch { 0 => 0, 1 => Math.Round(random.NextDouble() * 0.99, 2), _ => random.NextDouble() },
            Attention = attention,
            TieEmbeddings = random.Next(2) == 0,
        };
        return new ParModel(RandomName(random), RandomLayout(random).ToEquatableArray(), hyperParameters);
    }

    private static string RandomName(Random random)
    {
        const string first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
        const string rest = first + "0123456789";
        string name;
        do
        {
            name = first[random.Next(first.Length)] + new string(Enumerable.Range(0, random.Next(12)).Select(_ => rest[random.Next(rest.Length)]).ToArray());
        }
        while (!CSharpIdentifier.IsValid(name));

        return name;
    }

    /// <summary>Repeated random units, so that printing has repetitions to find, with odd lengths and choices mixed in.</summary>
    private static List<Layer> RandomLayout(Random random)
    {
        var layers = new List<Layer>();
        var segments = random.Next(1, 6);
        var choiceWeight = random.Next(3);
        for (var segment = 0; segment < segments; segment++)
        {
            var unit = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => random.Next(10) < choiceWeight ? LayerKinds[random.Next(2, LayerKinds.Length)] : LayerKinds[random.Next(2)])
                .ToList();
            var repeats = random.Next(1, random.Next(2) == 0 ? 4 : 40);
            for (var copy = 0; copy < repeats; copy++)
            {
                layers.AddRange(unit);
            }
        }

        return layers;
    }
}

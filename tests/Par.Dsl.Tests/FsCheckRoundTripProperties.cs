using System.Linq;
using FsCheck;
using FsCheck.Xunit;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;

namespace Par.Dsl.Tests;

/// <summary>The round trip again, with FsCheck choosing (and shrinking) the layer sequences.</summary>
public class FsCheckRoundTripProperties
{
    private static readonly Layer[] Kinds =
    {
        Layer.Fixed(BlockKind.SelfAttention),
        Layer.Fixed(BlockKind.FeedForward),
        Layer.Choice(BlockKind.SelfAttention, BlockKind.FeedForward, BlockKind.Identity),
        Layer.Choice(BlockKind.FeedForward, BlockKind.Identity),
    };

    [Property(MaxTest = 500)]
    public bool Printed_layout_parses_back_to_the_same_layers(NonEmptyArray<byte> codes, PositiveInt repeats)
    {
        var unit = codes.Get.Select(code => Kinds[code % Kinds.Length]);
        var layers = Enumerable.Repeat(unit, 1 + (repeats.Get % 12)).SelectMany(copy => copy).Take(Limits.MaxLayers).ToList();

        var document = ParParser.Parse(ParPrinter.PrintLayout(layers), "Property.par");

        return !document.HasErrors && document.Models[0].Layout.SequenceEqual(layers);
    }
}

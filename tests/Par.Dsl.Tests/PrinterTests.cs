using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using static Par.Dsl.Tests.LayoutText;

namespace Par.Dsl.Tests;

public class PrinterTests
{
    [Theory]
    [InlineData("s s f s f f f f", "ssfsffff")]
    [InlineData("sfsfsfsfsfsfsfsfsfsfsfsfsfsfsfsf", "(sf)x16")]
    [InlineData("ssssss (sf)x10 ffffff", "(s)x6 (sf)x10 (f)x6")]
    [InlineData("(sfff)x6 ffffffff", "(sfff)x6 (f)x8")]
    [InlineData("(sfff)x7 (f)x8", "(sfff)x7 (f)x8")]
    [InlineData("(sff)x5 (f)x9", "(sff)x5 (f)x9")]
    [InlineData("[-fs]x32", "[sf-]x32")]
    [InlineData("s[fs-]f", "s[sf-]f")]
    [InlineData("ff", "ff")]
    [InlineData("fffff", "(f)x5")]
    [InlineData("s (f)x12 s", "s (f)x12 s")]
    [InlineData("(sf)x3 s", "(sf)x3 s")]
    [InlineData("s", "s")]
    [InlineData("(s[-f])x3 f", "(s[f-])x3 f")]
    [InlineData("[s-][s-] f", "[s-]x2 f")]
    public void Layouts_print_in_canonical_compressed_form(string layout, string canonical)
    {
        var model = Assert.Single(ParParser.Parse(layout, "Sample.par").Models);

        Assert.Equal(canonical, ParPrinter.PrintLayout(model.Layout));
    }

    [Fact]
    public void Model_prints_every_hyper_parameter_in_a_fixed_order()
    {
        var model = new ParModel(
            "ParBase",
            Expanded(Repeat("sfff", 6) + Repeat("f", 8)).ToEquatableArray(),
            new HyperParameters { Dropout = 0.3, Attention = AttentionKind.Causal, TieEmbeddings = false });

        Assert.Equal(
            "model ParBase {\n" +
            "    layout = (sfff)x6 (f)x8\n" +
            "    d_model = 512\n" +
            "    heads = 8\n" +
            "    d_ff = 2048\n" +
            "    vocab = 256\n" +
            "    context = 192\n" +
            "    memory = 192\n" +
            "    dropout = 0.3\n" +
            "    attention = causal\n" +
            "    tie_embeddings = false\n" +
            "}\n",
            ParPrinter.Print(model));
    }

    [Fact]
    public void Document_prints_namespace_then_models_separated_by_blank_lines()
    {
        var document = ParParser.Parse("namespace A.B\nmodel X { layout = sf }\nmodel Y { layout = s; dropout = 0 }", "Doc.par");

        var printed = ParPrinter.Print(document);

        Assert.StartsWith("namespace A.B\n\nmodel X {\n", printed);
        Assert.Contains("}\n\nmodel Y {\n", printed);
        Assert.Contains("    dropout = 0\n", printed);
        Assert.Equal(document.Models, ParParser.Parse(printed, "Doc.par").Models);
    }

    [Theory]
    [InlineData("(sfff)x6 (f)x8\n", true)]
    [InlineData("(sfff)x6 (f)x8", false)]
    [InlineData("sfffsfffsfffsfffsfffsfff ffffffff\n", false)]
    [InlineData("(sf\n", false)]
    public void IsCanonical_accepts_only_error_free_text_in_canonical_form(string text, bool canonical)
    {
        Assert.Equal(canonical, ParPrinter.IsCanonical(text, "Sample.par"));
    }

    [Fact]
    public void Format_keeps_a_layout_only_file_layout_only_and_drops_comments()
    {
        Assert.Equal("(sf)x16\n", ParPrinter.Format("# Transformer-XL\n(sf)x8 (sf)x8\n", "Xl.par"));
    }

    // How fast this is goes to a benchmark (bench/run parser), which prints the numbers; here only the result counts.
    [Fact]
    public void The_largest_layouts_print_to_text_that_parses_back_to_them()
    {
        var random = new System.Random(7);
        var layers = Enumerable.Range(0, Limits.MaxLayers)
            .Select(_ => random.Next(4) switch
            {
                0 => Layer.Fixed(BlockKind.SelfAttention),
                1 => Layer.Choice(BlockKind.SelfAttention, BlockKind.Identity),
                _ => Layer.Fixed(BlockKind.FeedForward),
            })
            .ToList();
        var uniform = Enumerable.Repeat(Layer.Fixed(BlockKind.FeedForward), Limits.MaxLayers).ToList();

        var printed = ParPrinter.PrintLayout(layers);
        var printedUniform = ParPrinter.PrintLayout(uniform);

        Assert.Equal("(f)x10000", printedUniform);
        Assert.Equal(layers, Assert.Single(ParParser.Parse(printed, "Big.par").Models).Layout);
    }
}

using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using static Par.Dsl.Tests.LayoutText;

namespace Par.Dsl.Tests;

public class ParserLayoutTests
{
    public static TheoryData<string, string> PaperLayouts => new()
    {
        { "s s f s f f f f", "ssfsffff" },
        { "(sf)x16", Repeat("sf", 16) },
        { "(s)x6 (sf)x10 (f)x6", Repeat("s", 6) + Repeat("sf", 10) + Repeat("f", 6) },
        { "(sfff)x6 (f)x8", Repeat("sfff", 6) + Repeat("f", 8) },
        { "(sfff)x7 (f)x8", Repeat("sfff", 7) + Repeat("f", 8) },
        { "(sff)x5 (f)x9", Repeat("sff", 5) + Repeat("f", 9) },
    };

    [Theory]
    [MemberData(nameof(PaperLayouts))]
    public void Paper_layouts_parse_to_their_expansion(string layout, string expanded)
    {
        var document = ParParser.Parse(layout, "Paper.par");

        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        var model = Assert.Single(document.Models);
        Assert.Equal("Paper", model.Name);
        Assert.Equal(Expanded(expanded), model.Layout);
        Assert.Equal(HyperParameters.Default, model.HyperParameters);
    }

    [Fact]
    public void Choice_repeated_gives_a_supernet_of_choice_layers()
    {
        var model = Assert.Single(ParParser.Parse("[sf-]x32", "Search.par").Models);

        Assert.Equal(32, model.LayerCount);
        Assert.True(model.IsSupernet);
        Assert.All(model.Layout, layer => Assert.Equal(new[] { BlockKind.SelfAttention, BlockKind.FeedForward, BlockKind.Identity }, layer.Candidates));
    }

    [Theory]
    [InlineData("sfff", "sfff")]
    [InlineData("s f f f", "sfff")]
    [InlineData("fx8", "ffffffff")]
    [InlineData("f x8", "ffffffff")]
    [InlineData("sfx3", "sfff")]
    [InlineData("(s)x2 (f)x1", "ssf")]
    [InlineData("((sf)x2 f)x3", "sfsff sfsff sfsff")]
    [InlineData("( s f )x2", "sfsf")]
    [InlineData("\n  s\n\tf  \n", "sf")]
    [InlineData("s # attention first\nf # then feed-forward\n", "sf")]
    [InlineData("[s]f", "sf")]
    [InlineData("[ss]x2", "ss")]
    [InlineData("(sf)x007", "sfsfsfsfsfsfsf")]
    public void Syntax_forms_expand_as_documented(string layout, string expanded)
    {
        var document = ParParser.Parse(layout, "Forms.par");

        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        Assert.Equal(Expanded(expanded), Assert.Single(document.Models).Layout);
    }

    [Fact]
    public void Choice_candidates_are_normalised_to_s_f_identity_order()
    {
        var model = Assert.Single(ParParser.Parse("s [-fs] [f-] f", "Choices.par").Models);

        Assert.Equal(Layer.Choice(BlockKind.SelfAttention, BlockKind.FeedForward, BlockKind.Identity), model.Layout[1]);
        Assert.Equal(Layer.Choice(BlockKind.FeedForward, BlockKind.Identity), model.Layout[2]);
    }

    [Theory]
    [InlineData("ParBase.par", "ParBase")]
    [InlineData("models/deep/ParBase.par", "ParBase")]
    [InlineData(@"C:\models\ParBase.par", "ParBase")]
    [InlineData("TransformerXL-Base.par", "TransformerXLBase")]
    [InlineData("2layer.par", "_2layer")]
    [InlineData("my model.v2.par", "mymodelv2")]
    public void Layout_only_file_is_one_model_named_after_the_file(string fileName, string modelName)
    {
        var document = ParParser.Parse("(sf)x2", fileName);

        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        Assert.Equal(modelName, Assert.Single(document.Models).Name);
        Assert.Null(document.Namespace);
    }

    [Fact]
    public void Document_with_namespace_and_models_reads_every_entry()
    {
        const string text = """
            # Two models from the paper
            namespace Par.Models.Paper

            model ParBase {
                layout = (sfff)x6 (f)x8   # PAR Base, WikiText-103
                d_model = 256
                heads = 4; d_ff = 512
                vocab = 1000
                context = 64
                memory = 32
                dropout = 0.25
                attention = causal
                tie_embeddings = false
            }

            model Small { layout = sf; d_model = 128 }
            """;

        var document = ParParser.Parse(text, "Paper.par");

        Assert.Equal("Par.Models.Paper", document.Namespace);
        Assert.Equal(2, document.Models.Count);
        var parBase = document.Models[0];
        Assert.Equal("ParBase", parBase.Name);
        Assert.Equal(Expanded(Repeat("sfff", 6) + Repeat("f", 8)), parBase.Layout);
        Assert.Equal(
            new HyperParameters { DModel = 256, Heads = 4, DFeedForward = 512, Vocab = 1000, Context = 64, Memory = 32, Dropout = 0.25, Attention = AttentionKind.Causal, TieEmbeddings = false },
            parBase.HyperParameters);
        var small = document.Models[1];
        Assert.Equal(new HyperParameters { DModel = 128, Heads = 2, DFeedForward = 512 }, small.HyperParameters);
    }

    [Fact]
    public void Windows_line_endings_are_whitespace()
    {
        var document = ParParser.Parse("namespace A.B\r\nmodel M {\r\n  layout = (sf)x2 \r\n  heads = 4\r\n}\r\n", "M.par");

        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        Assert.Equal("A.B", document.Namespace);
        Assert.Equal(4, Assert.Single(document.Models).HyperParameters.Heads);
    }

    [Theory]
    [InlineData(32, 1)]
    [InlineData(64, 1)]
    [InlineData(1024, 16)]
    public void Heads_default_to_one_per_64_dimensions_and_at_least_one(int dModel, int heads)
    {
        var model = Assert.Single(ParParser.Parse($"model M {{\n layout = sf\n d_model = {dModel}\n}}", "M.par").Models);

        Assert.Equal(heads, model.HyperParameters.Heads);
        Assert.Equal(4 * dModel, model.HyperParameters.DFeedForward);
    }

    [Fact]
    public void Models_with_errors_are_left_out_but_the_others_are_kept()
    {
        const string text = "model Broken {\n layout = s q\n}\nmodel Fine {\n layout = sf\n}\n";

        var document = ParParser.Parse(text, "Two.par");

        Assert.True(document.HasErrors);
        Assert.Equal("Fine", Assert.Single(document.Models).Name);
    }

    [Fact]
    public void A_model_missing_its_closing_brace_does_not_swallow_the_next_model()
    {
        const string text = "model A {\n layout = sf\nmodel B {\n layout = ssf\n}\n";

        var document = ParParser.Parse(text, "Two.par");

        var error = Assert.Single(document.Diagnostics, diagnostic => diagnostic.Id == "PAR0001");
        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.Equal(new[] { "B" }, document.Models.Select(model => model.Name));
    }

    [Fact]
    public void Parallel_parses_give_the_same_document_as_a_single_parse()
    {
        const string text = "namespace N\nmodel A { layout = (sfff)x6 (f)x8 }\nmodel B { layout = [sf-]x8; heads = 3 }\n";
        var expected = ParParser.Parse(text, "N.par");

        var documents = new ParDocument[64];
        System.Threading.Tasks.Parallel.For(0, documents.Length, index => documents[index] = ParParser.Parse(text, "N.par"));

        Assert.All(documents, document => Assert.Equal(expected, document));
        Assert.Contains(expected.Diagnostics, diagnostic => diagnostic.Id == "PAR0005");
    }

    [Fact]
    public void Largest_allowed_layout_parses()
    {
        var model = Assert.Single(ParParser.Parse($"(sf)x{Limits.MaxLayers / 2}", "Big.par").Models);

        Assert.Equal(Limits.MaxLayers, model.LayerCount);
    }
}

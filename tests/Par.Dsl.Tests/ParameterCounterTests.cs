using Par.Dsl.Counting;
using Par.Dsl.Model;
using Par.Dsl.Parsing;

namespace Par.Dsl.Tests;

public class ParameterCounterTests
{
    [Fact]
    public void Causal_tied_model_is_counted_by_hand()
    {
        // d 4, dff 8, V 10, C 6. Embedding 10·4 + 6·4 = 64; attention 4·16 + 6·4 = 88;
        // feed-forward 2·4·8 + 8 + 3·4 = 84; tied head 2·4 + 10 = 18. Total 254.
        var model = Parse("model Tiny {\n layout = sf\n d_model = 4\n heads = 1\n d_ff = 8\n vocab = 10\n context = 6\n attention = causal\n}");

        Assert.Equal(254, ParameterCounter.Count(model));
    }

    [Fact]
    public void Bidirectional_model_is_counted_like_a_causal_one()
    {
        // An encoder's blocks and learned positions are a causal model's: the same 254 as above.
        var model = Parse("model Tiny {\n layout = sf\n d_model = 4\n heads = 1\n d_ff = 8\n vocab = 10\n context = 6\n attention = bidirectional\n}");

        Assert.Equal(254, ParameterCounter.Count(model));
        Assert.Equal(0, model.HyperParameters.Memory);
    }

    [Fact]
    public void Xl_untied_supernet_is_counted_by_hand()
    {
        // d 4, dff 8, V 10. Embedding 40 (no positions for xl); choice [sf-]: xl attention 5·16 + 8·4 = 112,
        // feed-forward 84, identity 0, three logits: 199; untied head 2·4 + 10·4 + 10 = 58. Total 297.
        var model = Parse("model Tiny {\n layout = [sf-]\n d_model = 4\n heads = 2\n d_ff = 8\n vocab = 10\n tie_embeddings = false\n}");

        Assert.Equal(297, ParameterCounter.Count(model));
    }

    [Fact]
    public void Transformer_xl_base_layout_with_defaults_matches_the_formulas()
    {
        // d 512, dff 2048, V 256, xl, tied: 256·512 + 16·(5·512² + 8·512) + 16·(2·512·2048 + 2048 + 3·512) + 2·512 + 256.
        var model = Parse("(sf)x16");

        Assert.Equal(131_072L + (16L * 1_314_816) + (16L * 2_100_736) + 1_280, ParameterCounter.Count(model));
    }

    [Fact]
    public void Largest_model_does_not_overflow()
    {
        var model = Parse($"model Huge {{\n layout = [sf]x{Limits.MaxLayers}\n d_model = 262144\n heads = 1\n d_ff = 1048576\n vocab = 1048576\n context = 1048576\n attention = causal\n tie_embeddings = false\n}}");

        Assert.True(ParameterCounter.Count(model) > 0);
    }

    private static ParModel Parse(string text)
    {
        var document = ParParser.Parse(text, "Tiny.par");
        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        return Assert.Single(document.Models);
    }
}

using Par.Dsl.Counting;
using Par.Dsl.Model;
using Par.Dsl.Parsing;

namespace Par.Dsl.Tests;

public class FlopCounterTests
{
    private const string Tiny = "model Tiny {\n layout = sf\n d_model = 4\n heads = 2\n d_ff = 8\n vocab = 10\n context = 6\n memory = 2\n}";

    [Fact]
    public void Xl_model_is_counted_by_hand_on_both_attention_paths()
    {
        // B 1, T 6, M 2 (K 8), d 4, dff 8, V 10. Recomputing attention: qkv 2·8·4·12 = 768, position keys 2·8·16 = 256,
        // scores and values 3·2·6·8·4 = 1152, output 2·6·16 = 192: 2368; cached: qkv 2·6·4·12 = 576, no position keys: 1920.
        // Feed-forward 2·2·6·4·8 = 768; head 2·6·4·10 = 480.
        var model = Parse(Tiny);

        Assert.Equal(2368 + 768 + 480, FlopCounter.Forward(model, batch: 1, cachedAttention: false));
        Assert.Equal(1920 + 768 + 480, FlopCounter.Forward(model, batch: 1, cachedAttention: true));
        Assert.Equal(3 * (1920 + 768 + 480), FlopCounter.Forward(model, batch: 3, cachedAttention: true));
    }

    [Fact]
    public void Causal_attention_has_no_memory_and_one_path()
    {
        // qkv 2·6·4·12 = 576, scores and values 2·2·6·6·4 = 576, output 192.
        var hyperParameters = Parse(Tiny.Replace("memory = 2", "attention = causal")).HyperParameters;

        Assert.Equal(1344, FlopCounter.SelfAttentionBlock(hyperParameters, 1, cachedAttention: false));
        Assert.Equal(1344, FlopCounter.SelfAttentionBlock(hyperParameters, 1, cachedAttention: true));
    }

    [Fact]
    public void The_paper_protocol_at_d_model_512_costs_about_0_8_gmac_per_attention_block_recomputing_and_0_14_cached()
    {
        var hyperParameters = new HyperParameters { Context = 64, Memory = 640 };

        Assert.Equal(0.82, FlopCounter.SelfAttentionBlock(hyperParameters, 1, cachedAttention: false) / 2e9, precision: 2);
        Assert.Equal(0.14, FlopCounter.SelfAttentionBlock(hyperParameters, 1, cachedAttention: true) / 2e9, precision: 2);
    }

    [Fact]
    public void A_choice_runs_every_candidate()
    {
        var model = Parse("model Tiny {\n layout = [sf-]\n d_model = 4\n heads = 2\n d_ff = 8\n vocab = 10\n context = 6\n memory = 2\n}");

        Assert.Equal(2368 + 768 + 480, FlopCounter.Forward(model, batch: 1, cachedAttention: false));
    }

    private static ParModel Parse(string text)
    {
        var document = ParParser.Parse(text, "Tiny.par");
        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        return Assert.Single(document.Models);
    }
}

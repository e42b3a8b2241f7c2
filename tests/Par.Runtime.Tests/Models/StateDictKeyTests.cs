using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Models;

namespace Par.Runtime.Tests.Models;

public class StateDictKeyTests
{
    private static readonly string[] XlAttention =
    {
        "norm.weight", "norm.bias", "qkv.weight", "qkv.bias", "output.weight", "output.bias",
        "relative_position.weight", "content_bias", "position_bias",
    };

    private static readonly string[] CausalAttention =
    {
        "norm.weight", "norm.bias", "qkv.weight", "qkv.bias", "output.weight", "output.bias",
    };

    private static readonly string[] FeedForward =
    {
        "norm.weight", "norm.bias", "expand.weight", "expand.bias", "contract.weight", "contract.bias",
    };

    [Fact]
    public void Xl_tied_supernet_has_the_documented_keys_and_no_duplicates()
    {
        using var model = LayoutModel.Create(TinyModels.Model("s - [sf-] f", TinyModels.Parameters(AttentionKind.Xl, tied: true)));

        var expected = new[] { "embedding.tokens.weight" }
            .Concat(Prefixed("layer_00_attention", XlAttention))
            .Concat(Prefixed("layer_02_mixed", Prefixed("attention", XlAttention).Concat(Prefixed("feed_forward", FeedForward)).Append("logits")))
            .Concat(Prefixed("layer_03_feed_forward", FeedForward))
            .Concat(new[] { "output.norm.weight", "output.norm.bias", "output.bias" });

        AssertKeys(expected, model);
    }

    [Fact]
    public void Causal_untied_model_has_positions_and_a_projection()
    {
        using var model = LayoutModel.Create(TinyModels.Model("s f", TinyModels.Parameters(AttentionKind.Causal, tied: false)));

        var expected = new[] { "embedding.tokens.weight", "embedding.positions.weight" }
            .Concat(Prefixed("layer_00_attention", CausalAttention))
            .Concat(Prefixed("layer_01_feed_forward", FeedForward))
            .Concat(new[] { "output.norm.weight", "output.norm.bias", "output.projection.weight", "output.projection.bias" });

        AssertKeys(expected, model);
    }

    [Fact]
    public void Tied_head_shares_the_embedding_table_instead_of_copying_it()
    {
        using var model = LayoutModel.Create(TinyModels.Model("f", TinyModels.Parameters(AttentionKind.Xl, tied: true)));

        var parameters = model.parameters().ToList();
        Assert.Equal(parameters.Count, parameters.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.DoesNotContain(model.state_dict().Keys, key => key.StartsWith("output.") && key.Contains("tokens"));
    }

    private static IEnumerable<string> Prefixed(string prefix, IEnumerable<string> keys) =>
        keys.Select(key => prefix + "." + key);

    private static void AssertKeys(IEnumerable<string> expected, LayoutModel model)
    {
        var stateKeys = model.state_dict().Keys.ToList();
        var parameterNames = model.named_parameters().Select(named => named.name).ToList();

        Assert.Equal(expected.OrderBy(key => key), stateKeys.OrderBy(key => key));
        Assert.Equal(stateKeys.Count, stateKeys.Distinct().Count());
        Assert.Equal(stateKeys.OrderBy(key => key), parameterNames.OrderBy(key => key));
    }
}

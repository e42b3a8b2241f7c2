using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Models;

namespace Par.Runtime.Tests.Models;

public class ParameterCountTests
{
    [Theory]
    [InlineData("s f s f", AttentionKind.Xl, true)]
    [InlineData("s f s f", AttentionKind.Xl, false)]
    [InlineData("s f f f f", AttentionKind.Causal, true)]
    [InlineData("s f f f f", AttentionKind.Causal, false)]
    [InlineData("[sf-] [sf-] - f", AttentionKind.Xl, true)]
    [InlineData("[sf-] [f-] [sf] s", AttentionKind.Causal, false)]
    [InlineData("s f f s f", AttentionKind.Bidirectional, true)]
    [InlineData("s f f s f", AttentionKind.Bidirectional, false)]
    public void Matches_the_contract_formula(string layout, AttentionKind attention, bool tied)
    {
        var definition = TinyModels.Model(layout, TinyModels.Parameters(attention, tied));
        using var model = LayoutModel.Create(definition);

        Assert.Equal(ContractCount(definition), model.parameters().Sum(parameter => parameter.numel()));
    }

    // The table in docs/architecture.md, written out independently of the implementation.
    private static long ContractCount(ParModel model)
    {
        var hp = model.HyperParameters;
        long d = hp.DModel, dff = hp.DFeedForward, vocab = hp.Vocab, context = hp.Context;
        var causal = hp.Attention is AttentionKind.Causal or AttentionKind.Bidirectional; // learned positions, no XL terms

        long Block(BlockKind kind) => kind switch
        {
            BlockKind.SelfAttention => causal ? 4 * d * d + 6 * d : 5 * d * d + 8 * d,
            BlockKind.FeedForward => 2 * d * dff + dff + 3 * d,
            _ => 0,
        };

        var embedding = vocab * d + (causal ? context * d : 0);
        var head = hp.TieEmbeddings ? 2 * d + vocab : 2 * d + vocab * d + vocab;
        var layers = model.Layout.Sum(layer => layer.IsChoice
            ? layer.Candidates.Sum(Block) + layer.Candidates.Count
            : Block(layer.Block));
        return embedding + layers + head;
    }
}

using System;
using Par.Dsl.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Blocks;

/// <summary>
/// Final LayerNorm and projection to the vocabulary: <c>[B, T, d]</c> to logits <c>[B, T, V]</c>.
/// Tied heads project with the <see cref="TokenEmbedding"/>'s table and own only a bias.
/// </summary>
public sealed class OutputHead : Module<Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly Linear? projection;
    private readonly Parameter? bias;

    // A delegate, not a Module field: RegisterComponents would register the embedding again under this
    // head and the shared table would appear twice in parameters() and state_dict.
    private readonly Func<Tensor>? tiedWeight;

    public OutputHead(string name, HyperParameters hp, TokenEmbedding embedding)
        : base(name)
    {
        norm = LayerNorm(hp.DModel);
        if (hp.TieEmbeddings)
        {
            bias = Initialization.ZeroParameter(hp.Vocab);
            tiedWeight = () => embedding.TokenWeight;
        }
        else
        {
            projection = Linear(hp.DModel, hp.Vocab);
            Initialization.Apply(projection);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var normed = norm.forward(hidden);
        var logits = projection is not null
            ? projection.forward(normed)
            : nn.functional.linear(normed, tiedWeight!(), bias);
        return logits.MoveToOuterDisposeScope();
    }
}

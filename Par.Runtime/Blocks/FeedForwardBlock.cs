using Par.Dsl.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Blocks;

/// <summary>The <c>f</c> block, pre-LN residual: <c>x + Dropout(W2·Dropout(GELU(W1·LN(x))))</c>.</summary>
public sealed class FeedForwardBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly Linear expand;
    private readonly Linear contract;
    private readonly double dropout;

    public FeedForwardBlock(string name, HyperParameters hp)
        : base(name)
    {
        norm = LayerNorm(hp.DModel);
        expand = Linear(hp.DModel, hp.DFeedForward);
        contract = Linear(hp.DFeedForward, hp.DModel);
        Initialization.Apply(expand);
        Initialization.Apply(contract);
        dropout = hp.Dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var inner = nn.functional.dropout(nn.functional.gelu(expand.forward(norm.forward(x))), dropout, training);
        var update = nn.functional.dropout(contract.forward(inner), dropout, training);
        return x.Plus(update).MoveToOuterDisposeScope();
    }
}

using System;
using Par.Dsl.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Blocks;

/// <summary>
/// Token ids <c>[B, T]</c> to the residual stream <c>[B, T, d]</c>. Causal and bidirectional models add learned
/// absolute positions (they have no memory, so positions always start at 0); Transformer-XL models get their
/// positions from relative attention instead and have no position table.
/// </summary>
public sealed class TokenEmbedding : Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding? positions;
    private readonly double dropout;
    private readonly int context;
    private readonly AttentionKind kind;

    public TokenEmbedding(string name, HyperParameters hp)
        : base(name)
    {
        tokens = Embedding(hp.Vocab, hp.DModel);
        Initialization.Normal(tokens.weight!);
        if (!hp.Attention.HasSegmentMemory())
        {
            positions = Embedding(hp.Context, hp.DModel);
            Initialization.Normal(positions.weight!);
        }

        dropout = hp.Dropout;
        context = hp.Context;
        kind = hp.Attention;
        RegisterComponents();
    }

    /// <summary>The token table, shared with a tied <see cref="OutputHead"/>. Read live so device moves are seen.</summary>
    internal Tensor TokenWeight => tokens.weight!;

    public override Tensor forward(Tensor tokenIds)
    {
        using var scope = NewDisposeScope();
        var embedded = tokens.forward(tokenIds);
        if (positions is not null)
        {
            var length = tokenIds.shape[1];
            if (length > context)
            {
                throw new ArgumentException(
                    $"A {kind.Name()} model sees at most context = {context} tokens per forward, got {length}.", nameof(tokenIds));
            }

            embedded = embedded.Plus(positions.forward(HeldScalars.Range(0, length, 1, ScalarType.Int64, tokenIds.device)));
        }

        return nn.functional.dropout(embedded, dropout, training).MoveToOuterDisposeScope();
    }
}

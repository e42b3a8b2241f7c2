using Par.Runtime.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training.TestModels;

/// <summary>
/// A stand-in language model for trainer tests: embedding, dropout (so resume must restore the RNG),
/// a GRU whose hidden state is the memory carried across segments, and a linear head.
/// </summary>
public sealed class TinyRecurrentModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly Dropout dropout;
    private readonly GRU recurrent;
    private readonly Linear output;

    public TinyRecurrentModel(int vocabulary, int width = 16, double dropoutRate = 0.2)
        : base(nameof(TinyRecurrentModel))
    {
        embedding = nn.Embedding(vocabulary, width);
        dropout = nn.Dropout(dropoutRate);
        recurrent = nn.GRU(width, width, batchFirst: true);
        output = nn.Linear(width, vocabulary);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens) => Forward(tokens, null);

    public Tensor Forward(Tensor tokens, RecurrentMemory? memory)
    {
        var (states, hidden) = recurrent.forward(dropout.forward(embedding.forward(tokens)), memory?.Hidden);
        memory?.Replace(hidden);
        return output.forward(dropout.forward(states));
    }

    /// <summary>The one-line adapter the trainer needs, with memory save/load for exact resume.</summary>
    public SequenceModelAdapter Adapter() => new(this, (tokens, memory) => Forward(tokens, (RecurrentMemory?)memory), () => new RecurrentMemory())
    {
        SaveMemory = memory => ((RecurrentMemory)memory).Save(),
        LoadMemory = (memory, state) => ((RecurrentMemory)memory).Load(state),
    };
}

using Par.Dsl.Model;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training;

/// <summary>
/// A real Par model whose logits turn NaN on one chosen forward call: a divergence at a step the test picks.
/// Its state_dict keys are the wrapped model's under <c>model.</c>.
/// </summary>
internal sealed class DivergingModel : nn.Module<Tensor, Tensor>, IParLanguageModel
{
    private readonly LayoutModel model;
    private readonly int poisonedCall;
    private int calls;

    public DivergingModel(LayoutModel model, int poisonedCall)
        : base(nameof(DivergingModel))
    {
        this.model = model;
        this.poisonedCall = poisonedCall;
        RegisterComponents();
    }

    public string Name => model.Name;

    public string Layout => model.Layout;

    public HyperParameters HyperParameters => model.HyperParameters;

    public int AttentionSlotCount => model.AttentionSlotCount;

    public override Tensor forward(Tensor tokens) => forward(tokens, null);

    public Tensor forward(Tensor tokens, SegmentMemory? memory)
    {
        var logits = model.forward(tokens, memory);
        return ++calls == poisonedCall ? logits * double.NaN : logits;
    }

    public SegmentMemory CreateMemory() => model.CreateMemory();
}

using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Search.Sampling;

/// <summary>
/// One path of a trained supernet as a language model: every mixed layer runs its pinned block alone, with the
/// supernet's inherited weights, so <see cref="Par.Runtime.Evaluation.Evaluator"/> scores it and
/// <see cref="Par.Runtime.Training.Trainer"/> trains it like any model (training moves the supernet's own weights; a
/// caller that keeps the supernet puts them back). It borrows the supernet: it owns no weights and is never disposed,
/// since disposing a module disposes what it registered.
/// </summary>
public sealed class PinnedSupernetPath : nn.Module<Tensor, Tensor>, IParLanguageModel
{
    private readonly Supernet supernet;
    private readonly ArchitectureSample path;

    internal PinnedSupernetPath(Supernet supernet, ArchitectureSample path, EquatableArray<Layer> layout, HyperParameters hyperParameters)
        : base("PinnedPath")
    {
        this.supernet = supernet;
        this.path = path;
        Layout = ParPrinter.PrintLayout(layout);
        HyperParameters = hyperParameters;
        register_module("supernet", supernet);

        // The weights train with the path; the logits have no gradient through a pinned path and stay as the search left them.
        foreach (var weight in supernet.WeightParameters())
        {
            weight.requires_grad = true;
        }

        foreach (var logits in supernet.ArchitectureParameters())
        {
            logits.requires_grad = false;
        }
    }

    public string Name => "PinnedPath";

    public string Layout { get; }

    public HyperParameters HyperParameters { get; }

    public int AttentionSlotCount => supernet.AttentionSlotCount;

    public override Tensor forward(Tensor tokens) => supernet.forward(tokens, null, path);

    public Tensor forward(Tensor tokens, SegmentMemory? memory) => supernet.forward(tokens, memory, path);

    public SegmentMemory CreateMemory() => supernet.CreateMemory();
}

using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// The training loss of every objective: mean cross-entropy of logits <c>[B, T, V]</c> against targets <c>[B, T]</c>.
/// Targets equal to <see cref="Data.TokenMasking.NotChosen"/> (cross-entropy's default ignore index) count for nothing,
/// so a masked language model learns from its chosen positions alone; a causal model has none of them.
/// </summary>
public static class LanguageModelLoss
{
    public static Tensor Of(Tensor logits, Tensor targets) =>
        nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1));
}

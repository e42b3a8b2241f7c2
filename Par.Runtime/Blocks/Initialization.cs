using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Blocks;

/// <summary>
/// The one initialisation every block uses (GPT-2 / Transformer-XL style): small normal weights so a
/// deep residual stack starts near the identity, zero biases.
/// </summary>
internal static class Initialization
{
    public const double WeightStd = 0.02;

    public static void Normal(Tensor weight)
    {
        using var noGrad = no_grad();
        nn.init.normal_(weight, 0.0, WeightStd);
    }

    public static void Zeros(Tensor tensor)
    {
        using var noGrad = no_grad();
        nn.init.zeros_(tensor);
    }

    public static void Apply(Linear linear)
    {
        Normal(linear.weight!);
        if (linear.bias is { } bias)
        {
            Zeros(bias);
        }
    }

    public static Parameter ZeroParameter(params long[] shape) => new(zeros(shape));
}

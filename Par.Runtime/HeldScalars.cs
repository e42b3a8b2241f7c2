using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime;

/// <summary>
/// Tensor arithmetic whose <see cref="Scalar"/> operands stay reachable until libtorch has read them.
/// </summary>
/// <remarks>
/// TorchSharp turns a number into a <see cref="Scalar"/> implicitly, including the hidden <c>alpha = 1</c> of
/// <c>a + b</c> (a difference of tensors has none), and such a scalar is garbage as soon as its handle is read. A collection on another
/// thread can then finalize (free) it during the native call, which crashes in <c>Scalar::toFloat</c> or reads a wrong
/// value: seen in CI under parallel tests, reproduced in seconds by a loop beside a thread that collects. Par's forward
/// passes and losses therefore pass the shared <see cref="One"/> or a scalar kept alive by <c>using</c>. The compiler
/// holds Par.Runtime and Par.Search to this: eng/BannedSymbols.HeldScalars.txt bans the implicit conversions and the
/// operators that make such scalars (RS0030, an error).
/// </remarks>
public static class HeldScalars
{
    /// <summary>The <c>alpha</c> of a plain sum, rooted for the life of the process.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary><c>left + right</c>.</summary>
    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);

    /// <summary><c>tensor * factor</c>.</summary>
    public static Tensor Times(this Tensor tensor, double factor) => Held(factor, scalar => tensor.mul(scalar));

    /// <summary><c>tensor / divisor</c>.</summary>
    public static Tensor DividedBy(this Tensor tensor, double divisor) => Held(divisor, scalar => tensor.div(scalar));

    /// <summary><c>tensor + addend</c>.</summary>
    public static Tensor Plus(this Tensor tensor, double addend) => Held(addend, scalar => tensor.add(scalar, One));

    /// <summary><c>tensor.clamp_min(minimum)</c>.</summary>
    public static Tensor AtLeast(this Tensor tensor, double minimum) => Held(minimum, scalar => tensor.clamp_min(scalar));

    /// <summary><c>tensor.pow(exponent)</c>.</summary>
    public static Tensor Power(this Tensor tensor, double exponent) => Held(exponent, scalar => tensor.pow(scalar));

    /// <summary><c>tensor.masked_fill(mask, value)</c>.</summary>
    public static Tensor FilledWhere(this Tensor tensor, Tensor mask, double value) => Held(value, scalar => tensor.masked_fill(mask, scalar));

    /// <summary><c>arange(start, stop, step)</c>.</summary>
    public static Tensor Range(double start, double stop, double step, ScalarType dtype, Device device)
    {
        using var first = start.ToScalar();
        using var end = stop.ToScalar();
        using var stride = step.ToScalar();
        return arange(first, end, stride, dtype, device);
    }

    // The scalar is disposed, so referenced, only after the operation has returned.
    private static Tensor Held(double value, Func<Scalar, Tensor> operation)
    {
        using var scalar = value.ToScalar();
        return operation(scalar);
    }
}

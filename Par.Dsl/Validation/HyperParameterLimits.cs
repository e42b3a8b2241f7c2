namespace Par.Dsl.Validation;

/// <summary>
/// Upper bounds on integer hyper-parameters. They keep the default d_ff (4·d_model) and every parameter count of a
/// <see cref="Limits.MaxLayers"/>-layer model inside 64-bit arithmetic.
/// </summary>
public static class HyperParameterLimits
{
    public const int MaxModelWidth = 262_144;
    public const int MaxDimension = 1_048_576;
}

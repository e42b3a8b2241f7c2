namespace Par.Dsl.Diagnostics;

/// <summary>
/// Every diagnostic Par reports, with a stable id. Keep in step with
/// Par.Generators/AnalyzerReleases.Unshipped.md and the README's table.
/// </summary>
public static class ParDiagnosticIds
{
    /// <summary>The text does not follow the grammar (reported at the failing character).</summary>
    public const string SyntaxError = "PAR0001";

    /// <summary>A letter that is not a block (<c>s</c>, <c>f</c>, or <c>-</c> inside a choice).</summary>
    public const string UnknownBlock = "PAR0002";

    /// <summary>A layout longer than <see cref="Par.Dsl.Limits.MaxLayers"/> layers.</summary>
    public const string LayoutTooLarge = "PAR0003";

    /// <summary>A model whose layout has no layers.</summary>
    public const string EmptyLayout = "PAR0004";

    /// <summary><c>d_model</c> is not divisible by <c>heads</c>.</summary>
    public const string HeadsDoNotDivideWidth = "PAR0005";

    /// <summary>A hyper-parameter name Par does not know (with a did-you-mean).</summary>
    public const string UnknownHyperParameter = "PAR0006";

    /// <summary>A hyper-parameter value out of range or of the wrong kind.</summary>
    public const string InvalidHyperParameterValue = "PAR0007";

    /// <summary>The same hyper-parameter set twice in one model.</summary>
    public const string DuplicateHyperParameter = "PAR0008";

    /// <summary>Two models with the same name in one file.</summary>
    public const string DuplicateModelName = "PAR0009";

    /// <summary>A model or namespace name that is not a valid C# identifier.</summary>
    public const string InvalidIdentifier = "PAR0010";

    /// <summary>The identity block <c>-</c> used outside a choice, where it would do nothing.</summary>
    public const string IdentityOutsideChoice = "PAR0011";

    /// <summary>A repeat count of zero (<c>x0</c>), which would delete the repeated layers.</summary>
    public const string InvalidRepeatCount = "PAR0012";

    /// <summary>A text longer than <see cref="Par.Dsl.Limits.MaxFileBytes"/> UTF-8 bytes, refused before parsing.</summary>
    public const string FileTooLarge = "PAR0013";

    /// <summary>A name beyond <see cref="Par.Dsl.Limits.MaxIdentifierLength"/>, <see cref="Par.Dsl.Limits.MaxNamespaceParts"/> or <see cref="Par.Dsl.Limits.MaxQualifiedNameBytes"/>.</summary>
    public const string NameTooLong = "PAR0014";

    /// <summary>A model name the generated class already uses for one of its members (see <see cref="Par.Dsl.Validation.ReservedModelNames"/>).</summary>
    public const string ReservedModelName = "PAR0015";

    /// <summary>A nonzero <c>memory</c> on a bidirectional model, which keeps no segment memory.</summary>
    public const string MemoryWithoutSegmentMemory = "PAR0016";

    /// <summary>Warning: a layout with no self-attention cannot mix information across tokens.</summary>
    public const string NoAttention = "PAR0101";

    /// <summary>Info: attention in the last third of the layers, where the paper found it unnecessary.</summary>
    public const string AttentionInLastThird = "PAR0102";

    /// <summary>Info: more than one attention block per five layers overall (the paper's p = 5 rule).</summary>
    public const string DenseAttention = "PAR0103";

    /// <summary>The generator failed internally; reported instead of throwing into the compiler.</summary>
    public const string InternalError = "PAR9999";
}

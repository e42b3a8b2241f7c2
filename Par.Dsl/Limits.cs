namespace Par.Dsl;

/// <summary>Documented bounds that keep hostile input from hanging or exhausting memory (docs/dsl.md, "Limits").</summary>
public static class Limits
{
    /// <summary>The most layers one layout may expand to.</summary>
    public const int MaxLayers = 10_000;

    /// <summary>
    /// The deepest nesting of groups and choices. Deeper input is refused before parsing: the grammar recurses
    /// once per level, and a stack overflow cannot be caught.
    /// </summary>
    public const int MaxNestingDepth = 32;

    /// <summary>
    /// The largest <c>.par</c> text, in UTF-8 bytes (1 MiB). Real files are a few hundred bytes; a 50 MB text took
    /// 29 s and 3.4 GB to parse. Readers stop after this many bytes plus one, so a device such as /dev/zero is refused too.
    /// </summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>
    /// The longest model name or namespace part. Generous for any real name, and it keeps a model name plus a
    /// namespace inside <see cref="MaxQualifiedNameBytes"/>.
    /// </summary>
    public const int MaxIdentifierLength = 512;

    /// <summary>The most dotted parts of a namespace: deeper namespaces serve no purpose and slow the consumer's build.</summary>
    public const int MaxNamespaceParts = 64;

    /// <summary>
    /// The longest <c>Namespace.Model</c> type name, in UTF-8 bytes: the metadata limit (1,024 bytes with its
    /// terminator) beyond which csc fails with CS7013.
    /// </summary>
    public const int MaxQualifiedNameBytes = 1023;
}

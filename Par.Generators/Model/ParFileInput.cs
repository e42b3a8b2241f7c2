using Microsoft.CodeAnalysis;

namespace Par.Generators.Model;

/// <summary>
/// A <c>.par</c> file with the one item setting the generator reads from it (<c>ParNamespace</c>). Taking the
/// setting out of the options provider early means an unrelated .editorconfig change does not reparse every file.
/// </summary>
/// <remarks>Roslyn hands over the same <see cref="AdditionalText"/> instance while the file is unchanged, so reference equality is enough here.</remarks>
internal sealed record ParFileInput(AdditionalText File, string? NamespaceMetadata);

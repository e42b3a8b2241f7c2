using System.Collections.Generic;
using Par.Dsl.Validation;

namespace Par.Dsl.Parsing;

/// <summary>
/// A <c>model Name { ... }</c> block as written, before its entries are validated.
/// <see cref="HasSyntaxErrors"/> is set when its body was broken (for example, no closing brace).
/// </summary>
internal sealed record ModelSyntax(string Name, int NameOffset, IReadOnlyList<ModelEntry> Entries, bool HasSyntaxErrors);

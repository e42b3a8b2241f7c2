using System.Collections.Generic;
using Par.Dsl.Validation;

namespace Par.Dsl.Parsing;

/// <summary>A <c>model Name { ... }</c> block as written, before its entries are validated.</summary>
internal sealed record ModelSyntax(string Name, int NameOffset, IReadOnlyList<ModelEntry> Entries);

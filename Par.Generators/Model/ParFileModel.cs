using Par.Dsl.Model;

namespace Par.Generators.Model;

/// <summary>
/// The position-free result of one <c>.par</c> file: the only input of source generation. Moving text
/// around in the file leaves it equal, so the incremental cache skips emitting.
/// </summary>
/// <param name="FilePath">The file's path, used in hint names and the generated header.</param>
/// <param name="Namespace">The namespace of the generated classes; null for the global namespace.</param>
/// <param name="Models">The models that validated without errors, in file order.</param>
internal sealed record ParFileModel(string FilePath, string? Namespace, EquatableArray<ModelSpec> Models);

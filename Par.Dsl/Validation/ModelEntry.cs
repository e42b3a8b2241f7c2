namespace Par.Dsl.Validation;

/// <summary>One <c>key = value</c> line of a model block, with the offsets of key and value in the text.</summary>
internal sealed record ModelEntry(string Key, int KeyOffset, string Value, int ValueOffset);

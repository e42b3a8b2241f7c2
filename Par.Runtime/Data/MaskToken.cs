namespace Par.Runtime.Data;

/// <summary>
/// BERT's <c>[MASK]</c>: the token a masked language model is asked to fill in. A tokenizer built with it adds it as
/// its last id (vocabulary + 1); in text it is written <c>[MASK]</c>, a word of its own for word and synthetic tokens
/// and anywhere in the text for bytes.
/// </summary>
public static class MaskToken
{
    public const string Text = "[MASK]";
}

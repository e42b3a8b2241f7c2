using System.Text;

namespace Par.Dsl.Parsing;

/// <summary>
/// Replaces every comment (<c>#</c> to the end of the line) with spaces of the same length, so the rest
/// of the parser never sees comments and every offset still points into the original text.
/// </summary>
internal static class CommentMasker
{
    public static string Mask(string text)
    {
        if (text.IndexOf('#') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        var inComment = false;
        for (var index = 0; index < builder.Length; index++)
        {
            if (builder[index] == '\n')
            {
                inComment = false;
            }
            else if (builder[index] == '#' || inComment)
            {
                inComment = true;
                builder[index] = ' ';
            }
        }

        return builder.ToString();
    }
}

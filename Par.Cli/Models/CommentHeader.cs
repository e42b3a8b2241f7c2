using System;
using System.Linq;
using System.Text;

namespace Par.Cli.Models;

/// <summary>Separates a .par file's leading comment block (a title, a search's provenance) from the rest.</summary>
internal static class CommentHeader
{
    public static (string Header, bool HasInnerComments) Split(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var header = new StringBuilder();
        var index = 0;
        for (; index < lines.Length; index++)
        {
            var trimmed = lines[index].TrimStart();
            if (!trimmed.StartsWith('#'))
            {
                break;
            }

            header.Append(lines[index].TrimEnd()).Append('\n');
        }

        var hasInnerComments = lines.Skip(index).Any(line => line.Contains('#', StringComparison.Ordinal));
        return (header.ToString(), hasInnerComments);
    }
}

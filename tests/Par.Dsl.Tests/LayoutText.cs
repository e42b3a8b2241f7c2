using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;

namespace Par.Dsl.Tests;

/// <summary>Builds expected layouts from plain, fully expanded letters, so tests state layouts the way the paper does.</summary>
internal static class LayoutText
{
    public static List<Layer> Expanded(string letters) =>
        letters.Where(letter => letter != ' ').Select(letter => Layer.Fixed(letter == 's' ? BlockKind.SelfAttention : BlockKind.FeedForward)).ToList();

    public static string Repeat(string letters, int count) => string.Concat(Enumerable.Repeat(letters, count));
}

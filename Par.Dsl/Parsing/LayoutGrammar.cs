using System.Collections.Generic;
using System.Linq;
using Sprache;

namespace Par.Dsl.Parsing;

/// <summary>
/// The Sprache grammar of a layout (see docs/dsl.md). Any letter parses as a block so that an unknown
/// letter is reported at its own position by <see cref="LayoutBuilder"/> rather than as a syntax error.
/// XOr/XMany make a failure inside a group or choice surface where it happened, not where the group began.
/// Runs of letters, digits and whitespace are scanned by small hand-written parsers: built from single-character
/// combinators they cost a failed parse (with its message) per character, which made 10,000-layer layouts slow.
/// The parsers are immutable, so sharing them across threads (and generator runs) is safe.
/// </summary>
internal static class LayoutGrammar
{
    private static readonly Parser<int> Whitespace = input =>
    {
        while (!input.AtEnd && char.IsWhiteSpace(input.Current))
        {
            input = input.Advance();
        }

        return Result.Success(input.Position, input);
    };

    private static readonly Parser<BlockNode> Block =
        from letter in Spanned(Parse.Char(IsBlockCharacter, "a block (s or f)"))
        select new BlockNode(letter.Value, letter.Offset);

    /// <summary>
    /// Letters written together (<c>sfff</c>). A run stops before an 'x' followed by a digit, which is a repeat
    /// count for the letter before it; an 'x' at the start of a run is a letter (and later reported as unknown).
    /// </summary>
    private static readonly Parser<IReadOnlyList<LayoutNode>> BlockRun = input =>
    {
        var blocks = new List<LayoutNode>();
        var source = input.Source;
        while (!input.AtEnd && IsBlockCharacter(input.Current)
               && !(blocks.Count > 0 && input.Current == 'x' && input.Position + 1 < source.Length && IsDigit(source[input.Position + 1])))
        {
            blocks.Add(new BlockNode(input.Current, input.Position));
            input = input.Advance();
        }

        return blocks.Count > 0
            ? Result.Success<IReadOnlyList<LayoutNode>>(blocks, input)
            : Result.Failure<IReadOnlyList<LayoutNode>>(input, "no block", new[] { "a block (s or f)", "a choice such as [sf-]", "a group such as (sf)" });
    };

    private static readonly Parser<string> Digits = input =>
    {
        var start = input.Position;
        while (!input.AtEnd && IsDigit(input.Current))
        {
            input = input.Advance();
        }

        return input.Position > start
            ? Result.Success(input.Source.Substring(start, input.Position - start), input)
            : Result.Failure<string>(input, "no digit", new[] { "a digit" });
    };

    private static readonly Parser<LayoutNode> Choice = Spanned(
            from open in Parse.Char('[')
            from leading in Whitespace
            from candidates in (from candidate in Block from trailing in Whitespace select candidate).XAtLeastOnce()
            from close in Parse.Char(']')
            select candidates)
        .Select(choice => (LayoutNode)new ChoiceNode(choice.Value.ToList(), choice.Offset, choice.Length));

    // Not Parse.Ref: it memoises failures per position and throws when XMany retries the same position.
    private static readonly Parser<IReadOnlyList<LayoutNode>> ItemDeferred = input => Item!(input);

    private static readonly Parser<LayoutNode> Group = Spanned(
            from open in Parse.Char('(')
            from leading in Whitespace
            from items in ItemDeferred.XAtLeastOnce()
            from close in Parse.Char(')')
            select items)
        .Select(group => (LayoutNode)new GroupNode(group.Value.SelectMany(item => item).ToList(), group.Offset, group.Length));

    // Optional (not XOptional) backtracks, so an 'x' without digits stays available as a (reported) block letter.
    private static readonly Parser<(string Value, int Offset, int Length)> RepeatCount =
        from space in Whitespace
        from times in Parse.Char('x')
        from digits in Spanned(Digits)
        select digits;

    /// <summary>One group, choice or run of letters, with an optional repeat count that binds to the last of them.</summary>
    private static readonly Parser<IReadOnlyList<LayoutNode>> Item =
        from atoms in Group.XOr(Choice).Select(node => (IReadOnlyList<LayoutNode>)new[] { node }).XOr(BlockRun)
        from count in RepeatCount.Optional()
        from trailing in Whitespace
        select count.IsDefined ? WithRepeatedLast(atoms, count.Get()) : atoms;

    private static readonly Parser<IEnumerable<LayoutNode>> Layout =
        (from leading in Whitespace
         from items in Item.XMany()
         select items.SelectMany(item => item)).End();

    /// <summary>Parses a whole layout text; on failure, the result's remainder is at the failing character.</summary>
    public static IResult<IEnumerable<LayoutNode>> TryParse(string layoutText) => Layout.TryParse(layoutText);

    private static IReadOnlyList<LayoutNode> WithRepeatedLast(IReadOnlyList<LayoutNode> atoms, (string Digits, int Offset, int Length) count)
    {
        var last = atoms[atoms.Count - 1];
        var repeat = new RepeatNode(last, count.Digits, count.Offset, last.Offset, count.Offset + count.Length - last.Offset);
        return atoms.Take(atoms.Count - 1).Append(repeat).ToList();
    }

    private static bool IsBlockCharacter(char character) => char.IsLetter(character) || character == '-';

    private static bool IsDigit(char character) => character >= '0' && character <= '9';

    private static Parser<(T Value, int Offset, int Length)> Spanned<T>(Parser<T> parser) => input =>
    {
        var result = parser(input);
        return result.WasSuccessful
            ? Result.Success((result.Value, input.Position, result.Remainder.Position - input.Position), result.Remainder)
            : Result.Failure<(T, int, int)>(result.Remainder, result.Message, result.Expectations);
    };
}

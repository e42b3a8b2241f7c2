using System.Collections.Generic;
using Sprache;

namespace Par.Dsl.Parsing;

/// <summary>
/// The Sprache grammar of a layout (see docs/dsl.md). Any letter parses as a block so that an unknown
/// letter is reported at its own position by <see cref="LayoutBuilder"/> rather than as a syntax error.
/// XOr/XMany make a failure inside a group or choice surface where it happened, not where the group began.
/// The parsers are immutable, so sharing them across threads (and generator runs) is safe.
/// </summary>
internal static class LayoutGrammar
{
    private static readonly Parser<IEnumerable<char>> Whitespace = Parse.Char(char.IsWhiteSpace, "whitespace").Many();

    private static readonly Parser<BlockNode> Block =
        from letter in Spanned(Parse.Char(IsBlockCharacter, "a block (s or f)"))
        select new BlockNode(letter.Value, letter.Offset);

    private static readonly Parser<LayoutNode> Choice = Spanned(
            from open in Parse.Char('[')
            from leading in Whitespace
            from candidates in (from candidate in Block from trailing in Whitespace select candidate).XAtLeastOnce()
            from close in Parse.Char(']')
            select candidates)
        .Select(choice => (LayoutNode)new ChoiceNode(new List<BlockNode>(choice.Value), choice.Offset, choice.Length));

    // Not Parse.Ref: it memoises failures per position and throws when XMany retries the same position.
    private static readonly Parser<LayoutNode> ItemDeferred = input => Item!(input);

    private static readonly Parser<LayoutNode> Group = Spanned(
            from open in Parse.Char('(')
            from leading in Whitespace
            from items in ItemDeferred.XAtLeastOnce()
            from close in Parse.Char(')')
            select items)
        .Select(group => (LayoutNode)new GroupNode(new List<LayoutNode>(group.Value), group.Offset, group.Length));

    // Optional (not XOptional) backtracks, so an 'x' without digits stays available as a (reported) block letter.
    private static readonly Parser<(string Value, int Offset, int Length)> RepeatCount =
        from space in Whitespace
        from times in Parse.Char('x')
        from digits in Spanned(Parse.Char(character => character >= '0' && character <= '9', "a digit").AtLeastOnce().Text())
        select digits;

    private static readonly Parser<LayoutNode> Item =
        from atom in Group.XOr(Choice).XOr(Block.Select(block => (LayoutNode)block))
        from count in RepeatCount.Optional()
        from trailing in Whitespace
        select count.IsDefined
            ? new RepeatNode(atom, count.Get().Value, count.Get().Offset, atom.Offset, count.Get().Offset + count.Get().Length - atom.Offset)
            : atom;

    private static readonly Parser<IEnumerable<LayoutNode>> Layout =
        (from leading in Whitespace
         from items in Item.XMany()
         select items).End();

    /// <summary>Parses a whole layout text; on failure, the result's remainder is at the failing character.</summary>
    public static IResult<IEnumerable<LayoutNode>> TryParse(string layoutText) => Layout.TryParse(layoutText);

    private static bool IsBlockCharacter(char character) => char.IsLetter(character) || character == '-';

    private static Parser<(T Value, int Offset, int Length)> Spanned<T>(Parser<T> parser) => input =>
    {
        var result = parser(input);
        return result.WasSuccessful
            ? Result.Success((result.Value, input.Position, result.Remainder.Position - input.Position), result.Remainder)
            : Result.Failure<(T, int, int)>(result.Remainder, result.Message, result.Expectations);
    };
}

using System.Collections.Generic;

namespace Par.Dsl.Parsing;

/// <summary>
/// The syntax tree of one layout, before expansion. Offsets are relative to the start of the layout text,
/// so the grammar stays a stateless, shareable Sprache parser.
/// </summary>
internal abstract record LayoutNode(int Offset, int Length);

/// <summary>One block letter as written: <c>s</c>, <c>f</c>, <c>-</c>, or any other letter (reported later).</summary>
internal sealed record BlockNode(char Letter, int Offset) : LayoutNode(Offset, 1);

/// <summary><c>[sf-]</c>: one layer choosing among the candidates.</summary>
internal sealed record ChoiceNode(IReadOnlyList<BlockNode> Candidates, int Offset, int Length) : LayoutNode(Offset, Length);

/// <summary><c>( ... )</c>: a parenthesised sequence.</summary>
internal sealed record GroupNode(IReadOnlyList<LayoutNode> Items, int Offset, int Length) : LayoutNode(Offset, Length);

/// <summary><c>unit xN</c>: the count is kept as written so huge numbers are reported, not overflowed.</summary>
internal sealed record RepeatNode(LayoutNode Body, string CountDigits, int CountOffset, int Offset, int Length) : LayoutNode(Offset, Length);

using System.Collections.Generic;

namespace Par.Runtime.Generation;

/// <summary>The model's most probable tokens, best first, for the <c>[MASK]</c> at <see cref="Position"/> (a token index) of a text.</summary>
public sealed record MaskPrediction(int Position, IReadOnlyList<FillCandidate> Candidates);

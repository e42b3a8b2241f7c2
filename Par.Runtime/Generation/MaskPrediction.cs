using System.Collections.Generic;

namespace Par.Runtime.Generation;

/// <summary>One candidate for a masked position: a token id and the probability the model gives it there.</summary>
public sealed record FillCandidate(int Token, double Probability);

/// <summary>The model's most probable tokens, best first, for the <c>[MASK]</c> at <see cref="Position"/> (a token index) of a text.</summary>
public sealed record MaskPrediction(int Position, IReadOnlyList<FillCandidate> Candidates);

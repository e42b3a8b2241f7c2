namespace Par.Runtime.Generation;

/// <summary>One candidate for a masked position: a token id and the probability the model gives it there.</summary>
public sealed record FillCandidate(int Token, double Probability);

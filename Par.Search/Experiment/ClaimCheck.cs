namespace Par.Search.Experiment;

/// <summary>One of the paper's claims, checked against what the experiment measured.</summary>
/// <param name="Claim">The claim, e.g. "latency at most 0.75x the baseline".</param>
/// <param name="Holds">Whether the measurement supports it.</param>
/// <param name="Measured">The measured value in words.</param>
public sealed record ClaimCheck(string Claim, bool Holds, string Measured);

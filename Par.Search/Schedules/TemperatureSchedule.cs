using System;

namespace Par.Search.Schedules;

/// <summary>
/// FBNet's Gumbel-softmax temperature: <c>T(e) = initial · exp(-decay · e)</c> for epoch <c>e</c>, counted
/// from the start of phase 2 (phase 1 does not sample). Our corpora are streams, not fixed datasets, so an
/// epoch is defined as <see cref="StepsPerEpoch"/> phase-2 steps; <see cref="Reaching"/> picks it so the
/// search reaches a chosen final temperature near its end (then holds it: <see cref="Minimum"/>), which keeps
/// FBNet's curve shape at any budget.
/// </summary>
/// <param name="Initial">Temperature of epoch 0 (FBNet: 5.0).</param>
/// <param name="DecayPerEpoch">Log-decay per epoch (FBNet: 0.045, i.e. ×0.956 per epoch).</param>
/// <param name="StepsPerEpoch">Phase-2 steps that make one epoch.</param>
/// <param name="Minimum">The temperature never goes below this (the final temperature).</param>
public sealed record TemperatureSchedule(double Initial, double DecayPerEpoch, int StepsPerEpoch, double Minimum = 0)
{
    public const double FbnetInitial = 5.0;
    public const double FbnetDecayPerEpoch = 0.045;

    /// <summary>
    /// FBNet's initial temperature and decay, with an epoch length such that <paramref name="phaseTwoSteps"/>
    /// steps take the temperature from 5.0 down to about <paramref name="finalTemperature"/>.
    /// </summary>
    public static TemperatureSchedule Reaching(double finalTemperature, int phaseTwoSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(finalTemperature);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(finalTemperature, FbnetInitial);
        ArgumentOutOfRangeException.ThrowIfNegative(phaseTwoSteps);
        var epochs = Math.Max(1, (int)Math.Round(Math.Log(FbnetInitial / finalTemperature) / FbnetDecayPerEpoch));
        var stepsPerEpoch = Math.Max(1, phaseTwoSteps / epochs);
        return new TemperatureSchedule(FbnetInitial, FbnetDecayPerEpoch, stepsPerEpoch, finalTemperature);
    }

    /// <summary>The temperature at a step counted from the start of phase 2.</summary>
    public double At(int phaseTwoStep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(phaseTwoStep);
        return Math.Max(Minimum, Initial * Math.Exp(-DecayPerEpoch * (phaseTwoStep / StepsPerEpoch)));
    }

    /// <summary>One line for reports, e.g. <c>5 · exp(-0.045 · epoch), epoch = 4 steps</c>.</summary>
    public string Describe() => FormattableString.Invariant($"T = max({Minimum:0.###}, {Initial:0.###} · exp(-{DecayPerEpoch:0.####} · epoch)), epoch = {StepsPerEpoch} phase-2 steps");
}

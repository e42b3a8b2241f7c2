using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Adam and AdamW steps with the arithmetic of torch's own <c>step()</c>, on the optimizer's own state (so checkpoints
/// and resumes are unchanged), but with every <see cref="Scalar"/> held alive until its native call has returned.
/// </summary>
/// <remarks>
/// TorchSharp's managed optimizers pass constants such as <c>1 - β₁</c> as implicitly converted scalars. A scalar is
/// dead to the garbage collector once its handle is read, so a collection on another thread can finalize and free it
/// while libtorch is still reading it: "Expected false to be true" in <c>Scalar::toFloat</c>, "Unknown scalar type",
/// or, worse, a wrong constant. It crashed CI under parallel tests; a loop of AdamW steps beside a thread that
/// collects reproduces it within seconds. <c>using</c> keeps each scalar reachable to the end of the step.
/// </remarks>
public static class AdamSteps
{
    /// <summary>One AdamW step (decoupled weight decay) over every parameter with a gradient; the rest are left untouched.</summary>
    public static void StepSafely(this AdamW optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Step<AdamW.ParamGroup, AdamW.State>(optimizer.ParamGroups.Cast<AdamW.ParamGroup>(), optimizer.state_dict().State, group => Constants.Of(group.Options), decoupled: true);
    }

    /// <summary>One Adam step (L2 weight decay added to the gradient) over every parameter with a gradient.</summary>
    public static void StepSafely(this Adam optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Step<Adam.ParamGroup, Adam.State>(optimizer.ParamGroups.Cast<Adam.ParamGroup>(), optimizer.state_dict().State, group => Constants.Of(group.Options), decoupled: false);
    }

    private static void Step<TGroup, TState>(IEnumerable<TGroup> groups, IEnumerable<OptimizerState> states, Func<TGroup, Constants> constantsOf, bool decoupled)
        where TGroup : ParamGroup
        where TState : OptimizerState
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (group, parameter, state) in ParameterStates.Of<TGroup, TState>(groups, states))
        {
            if (parameter.grad is { } grad)
            {
                var (average, averageOfSquares, step) = Advanced(state);
                Update(parameter, grad, average, averageOfSquares, constantsOf(group), step, decoupled);
            }
        }
    }

    private static void Update(Parameter parameter, Tensor grad, Tensor average, Tensor averageOfSquares, Constants constants, long step, bool decoupled)
    {
        var biasCorrection1 = 1 - Math.Pow(constants.Beta1, step);
        var biasCorrection2 = 1 - Math.Pow(constants.Beta2, step);
        using var beta1 = constants.Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - constants.Beta1).ToScalar();
        using var beta2 = constants.Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - constants.Beta2).ToScalar();
        using var epsilon = constants.Epsilon.ToScalar();
        using var rootOfCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var negativeStepSize = (-(constants.LearningRate / biasCorrection1)).ToScalar();
        if (decoupled)
        {
            using var shrink = (1 - constants.LearningRate * constants.WeightDecay).ToScalar();
            parameter.mul_(shrink);
        }
        else if (constants.WeightDecay != 0)
        {
            using var decay = constants.WeightDecay.ToScalar();
            grad = grad.add(parameter, decay);
        }

        average.mul_(beta1).add_(grad, oneMinusBeta1);
        averageOfSquares.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
        var denominator = averageOfSquares.sqrt().div_(rootOfCorrection2).add_(epsilon, HeldScalars.One);
        parameter.addcdiv_(average, denominator, negativeStepSize);
    }

    private sealed record Constants(double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay)
    {
        public static Constants Of(AdamW.Options options) => Checked(
            options.amsgrad == true || options.maximize == true,
            new(options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.weight_decay!.Value));

        public static Constants Of(Adam.Options options) => Checked(
            options.amsgrad == true || options.maximize == true,
            new(options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.weight_decay!.Value));

        private static Constants Checked(bool unsupported, Constants constants) => unsupported
            ? throw new NotSupportedException("Par's Adam steps implement neither AMSGrad nor maximize.")
            : constants;
    }

    // One parameter's two moments, and its step count after counting this update (which drives the bias correction).
    private static (Tensor Average, Tensor AverageOfSquares, long Step) Advanced(OptimizerState state) => state switch
    {
        AdamW.State adamW => (adamW.exp_avg, adamW.exp_avg_sq, ++adamW.step),
        Adam.State adam => (adam.exp_avg, adam.exp_avg_sq, ++adam.step),
        _ => throw new ArgumentException($"Not an Adam state: {state.GetType().Name}.", nameof(state)),
    };
}

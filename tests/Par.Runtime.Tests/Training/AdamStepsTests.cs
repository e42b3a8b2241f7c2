using System;
using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Training;

/// <summary>
/// Par's Adam steps must be torch's steps bit for bit (same arithmetic on the optimizer's own state), so checkpoints,
/// resumes and every recorded result are unchanged by holding the scalars alive.
/// </summary>
public sealed class AdamStepsTests
{
    [Fact]
    public void An_AdamW_step_equals_torchs_own_bit_for_bit_and_skips_a_parameter_without_gradient()
    {
        var (ours, theirs) = (Parameters(seed: 3), Parameters(seed: 3));
        using var ourOptimizer = AdamWOptimizer.Create(ours, learningRate: 0.05, weightDecay: 0.3);
        using var theirOptimizer = AdamWOptimizer.Create(theirs, learningRate: 0.05, weightDecay: 0.3);

        Train(ours, () => ourOptimizer.StepSafely(), theirs, () => theirOptimizer.step());

        AssertSame(ours, theirs);
        var ourStates = ourOptimizer.state_dict().State.Cast<AdamW.State>().ToList();
        var theirStates = theirOptimizer.state_dict().State.Cast<AdamW.State>().ToList();
        Assert.Equal(theirStates.Select(state => state.step), ourStates.Select(state => state.step));
        Assert.Contains(ourStates, state => state.step < Steps);
        for (var index = 0; index < ourStates.Count; index++)
        {
            Assert.True(ourStates[index].exp_avg.eq(theirStates[index].exp_avg).all().item<bool>(), $"first moment {index}");
            Assert.True(ourStates[index].exp_avg_sq.eq(theirStates[index].exp_avg_sq).all().item<bool>(), $"second moment {index}");
        }
    }

    [Fact]
    public void An_Adam_step_with_L2_decay_equals_torchs_own_bit_for_bit()
    {
        var (ours, theirs) = (Parameters(seed: 4), Parameters(seed: 4));
        using var ourOptimizer = optim.Adam(ours, 0.01, weight_decay: 5e-4);
        using var theirOptimizer = optim.Adam(theirs, 0.01, weight_decay: 5e-4);

        Train(ours, () => ourOptimizer.StepSafely(), theirs, () => theirOptimizer.step());

        AssertSame(ours, theirs);
    }

    [Fact]
    public void AMSGrad_is_refused_rather_than_stepped_wrongly()
    {
        var parameters = Parameters(seed: 5);
        using var optimizer = optim.AdamW(parameters, 0.01, amsgrad: true);
        foreach (var parameter in parameters)
        {
            parameter.grad = ones_like(parameter);
        }

        Assert.Throws<NotSupportedException>(() => optimizer.StepSafely());
    }

    private const int Steps = 6;

    private static List<Parameter> Parameters(int seed)
    {
        using var generator = new Generator((ulong)seed);
        return [new Parameter(randn([4, 3], generator: generator)), new Parameter(randn([3], generator: generator)), new Parameter(randn([2, 2], generator: generator))];
    }

    // Every step gives the same gradients to both sets; the last parameter gets one only on even steps.
    private static void Train(List<Parameter> ours, Action ourStep, List<Parameter> theirs, Action theirStep)
    {
        for (var step = 0; step < Steps; step++)
        {
            foreach (var parameters in new[] { ours, theirs })
            {
                for (var index = 0; index < parameters.Count; index++)
                {
                    parameters[index].grad = index == parameters.Count - 1 && step % 2 == 1
                        ? null
                        : parameters[index].detach().sin().mul(step + 1 + index);
                }
            }

            ourStep();
            theirStep();
        }
    }

    private static void AssertSame(List<Parameter> ours, List<Parameter> theirs)
    {
        for (var index = 0; index < ours.Count; index++)
        {
            Assert.True(ours[index].eq(theirs[index]).all().item<bool>(), $"parameter {index} differs from torch's step by {(ours[index] - theirs[index]).abs().max().item<float>()}");
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// The training checkpoint's view of an <see cref="AdamWOptimizer"/>'s state: the moments named after the parameters
/// (<c>exp_avg.&lt;parameter&gt;</c>, <c>exp_avg_sq.&lt;parameter&gt;</c>), so a checkpoint saves and restores them
/// bit for bit in a PyTorch-readable file, and one step count. Training gives every parameter a gradient at every
/// step, so all parameters count the same steps.
/// </summary>
internal sealed class AdamWMoments
{
    private readonly (string Name, AdamW.State State)[] slots;

    public AdamWMoments(AdamW optimizer, IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        var stateOf = ParameterStates.Of<AdamW.ParamGroup, AdamW.State>(optimizer.ParamGroups.Cast<AdamW.ParamGroup>(), optimizer.state_dict().State)
            .ToDictionary(entry => entry.Parameter.Handle, entry => entry.State);
        slots = parameters.Select(named => (named.Name, stateOf[named.Parameter.Handle])).ToArray();
    }

    /// <summary>Updates made so far (drives the bias correction).</summary>
    public long StepCount => slots.Length == 0 ? 0 : slots.Max(slot => slot.State.step);

    /// <summary>The moments keyed <c>exp_avg.&lt;parameter&gt;</c> and <c>exp_avg_sq.&lt;parameter&gt;</c> (live tensors, not copies).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, slot) in slots)
        {
            state[$"exp_avg.{name}"] = slot.exp_avg;
            state[$"exp_avg_sq.{name}"] = slot.exp_avg_sq;
        }

        return state;
    }

    /// <summary>Copies moments saved by <see cref="StateDict"/> back in and sets every parameter's step count.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state, long stepCount)
    {
        using var noGrad = no_grad();
        foreach (var (name, slot) in slots)
        {
            slot.exp_avg.copy_(state[$"exp_avg.{name}"]);
            slot.exp_avg_sq.copy_(state[$"exp_avg_sq.{name}"]);
            slot.step = stepCount;
        }
    }
}

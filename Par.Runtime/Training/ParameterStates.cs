using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Each parameter of an optimizer beside its group and its state. torch lists the per-parameter states group by group,
/// each group's parameters in order, and keys them by nothing else; the Adam steps and the checkpoint's moments both
/// rely on that order, so it is written once, here, and a count that does not match is an error, not a misalignment.
/// </summary>
internal static class ParameterStates
{
    public static IReadOnlyList<(TGroup Group, Parameter Parameter, TState State)> Of<TGroup, TState>(IEnumerable<TGroup> groups, IEnumerable<OptimizerState> states)
        where TGroup : ParamGroup
        where TState : OptimizerState
    {
        var parameters = groups.SelectMany(group => group.Parameters.Select(parameter => (Group: group, Parameter: parameter))).ToList();
        var stateList = states.ToList();
        if (stateList.Count != parameters.Count)
        {
            throw new InvalidOperationException($"The optimizer lists {stateList.Count} parameter states for {parameters.Count} parameters.");
        }

        return parameters.Zip(stateList, (entry, state) => (entry.Group, entry.Parameter, (TState)state)).ToList();
    }
}

using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Checks on values read from a checkpoint before they reach the run or native code (libtorch aborts the process on
/// some bad inputs, e.g. a generator state of the wrong length); each failure is a <see cref="CheckpointException"/>.
/// </summary>
public static class CheckpointChecks
{
    public static long InRange(string path, string field, long value, long minimum, long maximum) =>
        value >= minimum && value <= maximum
            ? value
            : throw new CheckpointException(path, $"{field} is {value}, outside {minimum}..{maximum}.");

    /// <summary>A generator state must be exactly as long as <paramref name="live"/>'s own (torch's CPU generator state).</summary>
    public static void GeneratorState(string path, string field, byte[] state, Tensor live)
    {
        if (state.LongLength != live.numel())
        {
            throw new CheckpointException(path, $"{field} holds {state.Length} bytes; a generator state has {live.numel()}.");
        }
    }

    /// <summary>The tensors of <paramref name="entry"/> must have exactly the keys, shapes and types of <paramref name="expected"/>.</summary>
    public static void SameTensors(string path, string entry, IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        if (expected.Keys.Except(actual.Keys).Concat(actual.Keys.Except(expected.Keys)).FirstOrDefault() is { } key)
        {
            throw new CheckpointException(path, $"entry {entry}: '{key}' is {(actual.ContainsKey(key) ? "not a tensor of this model" : "missing")}.");
        }

        foreach (var (name, tensor) in expected)
        {
            var stored = actual[name];
            if (!stored.shape.SequenceEqual(tensor.shape) || stored.dtype != tensor.dtype)
            {
                throw new CheckpointException(path,
                    $"entry {entry}: '{name}' is {stored.dtype} [{string.Join(", ", stored.shape)}], the model's is {tensor.dtype} [{string.Join(", ", tensor.shape)}].");
            }
        }
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>Connects any Par model (generated class or <see cref="LayoutModel"/>) to training and evaluation.</summary>
public static class ParModelAdapter
{
    private const string SlotPrefix = "slot_";

    /// <summary>
    /// An adapter whose memory is the model's <see cref="SegmentMemory"/>, saved into checkpoints slot by
    /// slot so that a resumed run continues with exactly the memory it was interrupted with.
    /// </summary>
    public static SequenceModelAdapter For(IParLanguageModel model, Device? device = null) =>
        new(model.AsModule(), (tokens, memory) => model.forward(tokens, (SegmentMemory?)memory), model.CreateMemory)
        {
            Device = device ?? CPU,
            SaveMemory = memory => Save((SegmentMemory)memory),
            LoadMemory = (memory, state) => Load((SegmentMemory)memory, state),
        };

    private static IReadOnlyDictionary<string, Tensor> Save(SegmentMemory memory) =>
        Enumerable.Range(0, memory.SlotCount)
            .Where(slot => memory[slot] is not null)
            .ToDictionary(slot => SlotPrefix + slot.ToString(CultureInfo.InvariantCulture), slot => memory[slot]!);

    private static void Load(SegmentMemory memory, IReadOnlyDictionary<string, Tensor> state)
    {
        foreach (var (name, tensor) in state)
        {
            memory.Update(int.Parse(name[SlotPrefix.Length..], CultureInfo.InvariantCulture), tensor);
        }
    }
}

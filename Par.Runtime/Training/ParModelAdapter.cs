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
    /// <summary>
    /// An adapter whose memory is the model's <see cref="SegmentMemory"/>, saved into checkpoints slot by
    /// slot so that a resumed run continues with exactly the memory it was interrupted with.
    /// </summary>
    public static SequenceModelAdapter For(IParLanguageModel model, Device? device = null) =>
        new(model.AsModule(), (tokens, memory) => model.forward(tokens, (SegmentMemory?)memory), model.CreateMemory)
        {
            Device = device ?? CPU,
            SaveMemory = memory => ((SegmentMemory)memory).StateDict(),
            LoadMemory = (memory, state) => ((SegmentMemory)memory).LoadStateDict(state),
        };
}

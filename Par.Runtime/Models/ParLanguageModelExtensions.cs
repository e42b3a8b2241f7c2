using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Models;

public static class ParLanguageModelExtensions
{
    /// <summary>
    /// The model as a TorchSharp module (for parameters, train/eval, state_dict). Generated classes and
    /// <see cref="LayoutModel"/> are modules; this fails clearly for an implementation that is not.
    /// </summary>
    public static nn.Module<Tensor, Tensor> AsModule(this IParLanguageModel model) =>
        model as nn.Module<Tensor, Tensor>
        ?? throw new ArgumentException($"{model.GetType().Name} implements IParLanguageModel but is not a TorchSharp Module<Tensor, Tensor>.", nameof(model));
}

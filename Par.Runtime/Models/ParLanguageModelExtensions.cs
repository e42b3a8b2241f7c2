using System;
using System.Linq;
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

    /// <summary>Where the model's weights live (a model lives on one device): training and evaluation move each segment's tokens there.</summary>
    public static Device ParameterDevice(this IParLanguageModel model) => model.AsModule().parameters().First().device;
}

using System;

namespace Par.Runtime.Export;

/// <summary>No Python that can import torch was found for an export that goes through PyTorch; the message says what was tried.</summary>
public sealed class PyTorchNotFoundException(string message) : Exception(message);

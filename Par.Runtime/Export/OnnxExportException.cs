using System;

namespace Par.Runtime.Export;

/// <summary>PyTorch's exporter failed on a model; the message carries what it printed.</summary>
public sealed class OnnxExportException(string message) : Exception(message);

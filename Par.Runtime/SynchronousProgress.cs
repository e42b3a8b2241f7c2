using System;

namespace Par.Runtime;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, in order. The framework's
/// <see cref="Progress{T}"/> posts to the thread pool, which reorders reports and lets them outlive the run.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

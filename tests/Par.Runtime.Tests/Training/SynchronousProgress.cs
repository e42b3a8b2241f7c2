using System;

namespace Par.Runtime.Tests.Training;

/// <summary>Reports on the training thread (unlike <see cref="Progress{T}"/>, which posts), so tests can react at an exact step.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

using System;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Par.Dsl.Diagnostics;
using Par.Generators.Tests.Infrastructure;

namespace Par.Generators.Tests;

/// <summary>A failure inside the generator becomes PAR9999 naming the file, never an exception in the compiler.</summary>
public sealed class InternalErrorTests
{
    [Fact]
    public void UnreadableFileBecomesPar9999AndOtherFilesStillGenerate()
    {
        var files = new AdditionalText[] { new UnreadableAdditionalText("Models/Locked.par"), new InMemoryAdditionalText("Tiny.par", ParSamples.Tiny) };

        var run = GeneratorHarness.Run(files);

        Assert.Null(run.Result.Exception);
        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Severity != DiagnosticSeverity.Info);
        Assert.Equal(ParDiagnosticIds.InternalError, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("Locked.par", diagnostic.GetMessage());
        Assert.Equal("Models/Locked.par", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(new[] { "Tiny.Tiny" }, run.GeneratedModels);
    }

    [Fact]
    public void GuardTurnsAnExceptionIntoTheFailureResult()
    {
        var result = InternalErrors.Guard<string>("a/b/Model.par", () => throw new InvalidOperationException("boom"), failure => failure.Message);

        Assert.Equal("Par.Generators failed on Model.par: InvalidOperationException: boom", result);
    }

    [Fact]
    public void GuardLetsCancellationThrough() =>
        Assert.Throws<OperationCanceledException>(() =>
            InternalErrors.Guard<string>("Model.par", () => throw new OperationCanceledException(), failure => failure.Message));

    /// <summary>An additional file whose content cannot be read, as when it is locked or deleted mid-build.</summary>
    private sealed class UnreadableAdditionalText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) =>
            throw new IOException("The process cannot access the file because it is being used by another process.");
    }
}

using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Par.Package.Tests;

/// <summary>
/// Packs Par.Dsl, Par.Text, Par.Runtime, Par and Par.Onnx into a temporary local feed once per test run, for every class of the
/// <see cref="LocalParFeedCollection"/>: two packs of one version at once would write the same files under obj/.
/// Each run uses a fresh prerelease version so NuGet's global cache can never serve a stale package.
/// </summary>
public sealed class LocalParFeed : IDisposable
{
    public LocalParFeed()
    {
        RepositoryRoot = Metadata("RepositoryRoot");
        var configuration = Metadata("Configuration");
        Root = Directory.CreateTempSubdirectory("par-feed-").FullName;
        Folder = Path.Combine(Root, "feed");
        Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        foreach (var project in new[] { "Par.Dsl/Par.Dsl.csproj", "Par.Text/Par.Text.csproj", "Par.Runtime/Par.Runtime.csproj", "Par.Package/Par.Package.csproj", "Par.Onnx/Par.Onnx.csproj" })
        {
            var (exitCode, output) = DotnetProcess.Run(
                RepositoryRoot, HangGuard.Limit, "pack", Path.Combine(RepositoryRoot, project), "-c", configuration, "-o", Folder,
                $"-p:Version={Version}", "--no-build", "-nologo");
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"Packing {project} failed:\n{output}");
            }
        }
    }

    public string RepositoryRoot { get; }

    public string Root { get; }

    public string Folder { get; }

    public string Version { get; }

    // The solution is already built when tests run; packing without building never rewrites
    // assemblies that other test processes have loaded.
    private static string Metadata(string key) => typeof(LocalParFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == key).Value!;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

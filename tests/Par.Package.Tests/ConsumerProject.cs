using System;
using System.IO;

namespace Par.Package.Tests;

/// <summary>
/// A consumer project in a temp folder that references only the packed Par package (and a libtorch backend), or with
/// <paramref name="onnxOnly"/> only the packed Par.Onnx package.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    public ConsumerProject(LocalParFeed feed, bool onnxOnly = false)
    {
        var references = onnxOnly
            ? $"""<PackageReference Include="Par.Onnx" Version="{feed.Version}" />"""
            : $"""
              <PackageReference Include="Par" Version="{feed.Version}" />
                  <PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" />
              """;
        Folder = Directory.CreateTempSubdirectory("par-consumer-").FullName;
        File.WriteAllText(Path.Combine(Folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="par-local" value="{feed.Folder}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RootNamespace>Consumer</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                {references}
              </ItemGroup>
            </Project>
            """);
    }

    public string Folder { get; }

    public void AddFile(string relativePath, string text)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public (int ExitCode, string Output) Build() =>
        DotnetProcess.Run(Folder, HangGuard.Limit, "build", "-c", "Release", "-nologo", "-clp:NoSummary");

    /// <summary>The folder the build writes the app into.</summary>
    public string Output => Path.Combine(Folder, "bin", "Release", "net10.0");

    public (int ExitCode, string Output) Run() =>
        DotnetProcess.Run(Folder, HangGuard.Limit, Path.Combine(Folder, "bin", "Release", "net10.0", "Consumer.dll"));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Par.Runtime.Export;

/// <summary>
/// The Python whose PyTorch exports a model to ONNX: <c>PAR_PYTHON</c> when set (the variable the PyTorch back-end's
/// tests read, and that <c>./par test</c> provisions Debian's python3-torch for), else the first of <c>python3</c> on
/// the PATH and Debian's <c>/usr/bin/python3</c> that can import torch.
/// </summary>
public sealed class PyTorchPython
{
    public const string EnvironmentVariable = "PAR_PYTHON";
    private const string SystemPython = "/usr/bin/python3";

    private PyTorchPython(string executable) => Executable = executable;

    public string Executable { get; }

    /// <summary>The Python to use; <see cref="PyTorchNotFoundException"/> saying what was tried when none imports torch.</summary>
    public static PyTorchPython Find()
    {
        var chosen = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var candidates = string.IsNullOrEmpty(chosen) ? new[] { "python3", SystemPython }.Distinct().ToArray() : [chosen];
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            var (exitCode, output) = TryRun(candidate, Directory.GetCurrentDirectory(), "-c", "import torch");
            if (exitCode == 0)
            {
                return new PyTorchPython(candidate);
            }

            tried.Add($"{candidate} ({(exitCode is null ? "not found" : LastLine(output))})");
        }

        var remedy = string.IsNullOrEmpty(chosen)
            ? $"install PyTorch (Debian and Ubuntu: apt-get install python3-torch), or set {EnvironmentVariable} to a Python that has it"
            : $"install PyTorch for it, or unset {EnvironmentVariable}";
        throw new PyTorchNotFoundException($"no PyTorch found: tried {string.Join(", ", tried)}; {remedy}.");
    }

    /// <summary>Runs this Python with <paramref name="arguments"/>; its exit code and its stdout and stderr together.</summary>
    public (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = TryRun(Executable, workingDirectory, arguments);
        return (exitCode ?? throw new PyTorchNotFoundException($"{Executable} could not be started."), output);
    }

    private static (int? ExitCode, string Output) TryRun(string executable, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return (null, string.Empty);
        }

        using (process)
        {
            // Both streams are read to their end at once, so neither pipe fills and blocks the child.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Task.WaitAll(stdout, stderr);
            process.WaitForExit();
            var output = new StringBuilder(stdout.Result).Append(stderr.Result).ToString();
            return (process.ExitCode, output);
        }
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "failed";
}

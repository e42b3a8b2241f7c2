using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Par.Tests.Shared;

/// <summary>
/// Real PyTorch for the PyTorch back-end's tests: <c>PAR_PYTHON</c>, else Debian's <c>/usr/bin/python3</c>, which
/// <c>./par test</c> provides with python3-torch (<c>eng/provision-pytorch.sh</c>). One source file, compiled into
/// every test project that runs Python.
/// </summary>
internal static class PyTorchProcess
{
    public static string Python => Environment.GetEnvironmentVariable("PAR_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    /// <summary>Runs Python with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; fails the test with its output when it fails or hangs.</summary>
    public static string Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            throw new Xunit.Sdk.XunitException($"{Python} not found: run './par test' once (it installs Debian's python3-torch) or set PAR_PYTHON to a Python with torch.");
        }

        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (stdout) { stdout.Append(line.Data).Append('\n'); } };
        process.ErrorDataReceived += (_, line) => { lock (stderr) { stderr.Append(line.Data).Append('\n'); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{Python} {string.Join(' ', arguments)} did not finish in {timeout}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var hint = stderr.ToString().Contains("No module named 'torch'", StringComparison.Ordinal)
                ? "\n(no PyTorch: run './par test' once, which installs Debian's python3-torch, or set PAR_PYTHON)"
                : string.Empty;
            throw new Xunit.Sdk.XunitException($"{Python} {string.Join(' ', arguments)} exited with {process.ExitCode}.{hint}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        return stdout.ToString();
    }
}

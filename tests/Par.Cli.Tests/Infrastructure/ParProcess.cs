using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Par.Cli.Tests.Infrastructure;

/// <summary>
/// The <c>par</c> command running as a child process, started from the <c>par.dll</c> that the project
/// reference copies next to the test assembly. The environment is inherited, so a libstdc++ overlay
/// the test host runs under applies to the child too.
/// </summary>
internal sealed class ParProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly string commandLine;
    private bool stderrEnded;

    private ParProcess(string workingDirectory, string[] arguments, string[] launcher)
    {
        var start = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Searches keep their latency tables in the per-user cache: the suite's runs share one of their own.
        start.Environment["XDG_CACHE_HOME"] = TestCacheHome;
        if (launcher.Length > 0)
        {
            foreach (var word in launcher[1..])
            {
                start.ArgumentList.Add(word);
            }

            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "par.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        commandLine = "par " + string.Join(' ', arguments);
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(stdout, line.Data);
        process.ErrorDataReceived += (_, line) => OnStderr(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static readonly string TestCacheHome = Path.Combine(Path.GetTempPath(), $"par-cli-tests-{Environment.ProcessId}-cache");

    /// <summary>Runs <c>par</c> to completion in <paramref name="workingDirectory"/>, failing the test if it hangs (<see cref="HangGuard"/>).</summary>
    public static CliResult Run(string workingDirectory, params string[] arguments) => RunUnder([], workingDirectory, arguments);

    /// <summary>
    /// Runs <c>dotnet exec par.dll ARGUMENTS</c> as the last arguments of <paramref name="launcher"/> (a command that
    /// prepares something, then runs the rest of its arguments), to completion.
    /// </summary>
    public static CliResult RunUnder(string[] launcher, string workingDirectory, params string[] arguments)
    {
        using var running = new ParProcess(workingDirectory, arguments, launcher);
        return running.WaitForExit();
    }

    /// <summary>Starts <c>par</c> so that SIGINT sent by <see cref="Signal"/> reaches it as Ctrl-C would, whatever the test host's own SIGINT handling.</summary>
    public static ParProcess StartInterruptible(string workingDirectory, params string[] arguments) =>
        // A test host started in the background (CI, 'cmd &') inherits SIGINT as ignored and passes that on; .NET then
        // leaves an ignored SIGINT alone. GNU env restores the default, as a terminal would have it.
        new(workingDirectory, arguments, ["env", "--default-signal=INT"]);

    /// <summary>The process id of the running <c>par</c> (<c>env</c> replaces itself with <c>dotnet</c>, which runs par.dll in its own process).</summary>
    public int Id => process.Id;

    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Waits until stderr holds <paramref name="text"/> after its first <paramref name="after"/> characters, and returns
    /// where it starts: woken by every line the process writes, so it acts on the state, never on a clock. Fails the test
    /// if the process closes its stderr (ends) first or hangs (<see cref="HangGuard"/>).
    /// </summary>
    public int WaitForStderr(string text, int after = 0)
    {
        var clock = Stopwatch.StartNew();
        lock (stderr)
        {
            while (true)
            {
                var found = stderr.ToString().IndexOf(text, after, StringComparison.Ordinal);
                if (found >= 0)
                {
                    return found;
                }

                if (stderrEnded)
                {
                    break;
                }

                var remaining = HangGuard.Limit - clock.Elapsed;
                if (remaining <= TimeSpan.Zero || !Monitor.Wait(stderr, remaining))
                {
                    throw new TimeoutException($"'{text}' did not appear on the stderr of {commandLine} in {HangGuard.Limit} ({HangGuard.Variable} sets the limit).\n{Stderr}");
                }
            }
        }

        process.WaitForExit();
        throw new Xunit.Sdk.XunitException($"'{text}' never appeared on the stderr of {commandLine}.\n{Snapshot()}");
    }

    /// <summary>Sends <paramref name="signal"/>: SIGINT (2) as Ctrl-C in a terminal does, SIGTERM (15) as a job scheduler or <c>kill</c> does.</summary>
    public void Signal(int signal)
    {
        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the process to end; fails the test if it hangs (<see cref="HangGuard"/>).</summary>
    public CliResult WaitForExit()
    {
        if (!process.WaitForExit(HangGuard.Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{commandLine} did not finish in {HangGuard.Limit} ({HangGuard.Variable} sets the limit).\n{Snapshot()}");
        }

        // The parameterless wait also drains the asynchronous stdout and stderr readers.
        process.WaitForExit();
        return Snapshot();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private CliResult Snapshot()
    {
        lock (stdout)
        {
            return new CliResult(process.HasExited ? process.ExitCode : -1, stdout.ToString(), Stderr);
        }
    }

    // Every line, and the end of the stream (null), wakes WaitForStderr.
    private void OnStderr(string? line)
    {
        lock (stderr)
        {
            if (line is null)
            {
                stderrEnded = true;
            }
            else
            {
                stderr.Append(line).Append('\n');
            }

            Monitor.PulseAll(stderr);
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Par.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>par</c> where writing a file fails part-way, as on a full disk. Where the test may mount (root, with
/// <c>unshare</c>), a folder becomes a small tmpfs in the child's own mount namespace, private to it and gone with it,
/// holding the files placed in it and filled to the last byte around them. Elsewhere every file the child writes is
/// limited to 4 KiB (<c>ulimit -f</c>, with SIGXFSZ ignored so the write fails instead of killing it, and the runtime's
/// W^X double mapping off: its memory file would be over the limit too).
/// The files are placed before <c>par</c> starts, and read back (SHA-256 of each) after it ends, from inside.
/// </summary>
internal static class FullDisk
{
    private const string Marker = "--- files after par ---";

    // $1: mount|limit, $2: the folder holding the files to place, $3: the folder to fill; the rest runs par.
    private const string Script = """
        mode=$1; placed=$2; folder=$3; shift 3
        if [ "$mode" = mount ]; then mount -t tmpfs -o size=1m tmpfs "$folder" || exit 97; fi
        cp -a "$placed/." "$folder/" || exit 98
        if [ "$mode" = mount ]; then cat /dev/zero > "$folder/.filler" 2>/dev/null; else trap '' XFSZ; ulimit -f 8; export DOTNET_EnableWriteXorExecute=0; fi
        "$@"
        code=$?
        echo "$MARKER"
        cd "$folder" && for file in $(ls -A); do [ "$file" = .filler ] || echo "$(sha256sum < "$file" | cut -c1-64) $file"; done
        exit $code
        """;

    /// <summary>True where a tmpfs can be mounted in a private namespace; otherwise the file-size limit stands in for it.</summary>
    public static bool CanMount { get; } = ProbeMount();

    /// <summary>
    /// Copies every file of <paramref name="placed"/> into <paramref name="folder"/>, fills it, runs <c>par</c> with
    /// <paramref name="arguments"/> in <paramref name="workingDirectory"/>, and returns what it did and the SHA-256 of
    /// each file then in the folder (the filler aside), by name.
    /// </summary>
    public static (CliResult Par, IReadOnlyDictionary<string, string> Files) Run(string placed, string folder, string workingDirectory, params string[] arguments)
    {
        string[] launcher = ["sh", "-c", Script.Replace("$MARKER", Marker, StringComparison.Ordinal), "sh", CanMount ? "mount" : "limit", placed, folder];
        var result = ParProcess.RunUnder(CanMount ? ["unshare", "-m", .. launcher] : launcher, workingDirectory, arguments);
        var marker = result.Stdout.LastIndexOf(Marker + "\n", StringComparison.Ordinal);
        if (result.ExitCode is 97 or 98 || marker < 0)
        {
            throw new Xunit.Sdk.XunitException($"the full disk for {folder} could not be set up.\n{result}");
        }

        var files = result.Stdout[(marker + Marker.Length + 1)..].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[1], parts => parts[0]);
        return (result with { Stdout = result.Stdout[..marker] }, files);
    }

    public static string Sha256(byte[] contents) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(contents));

    private static bool ProbeMount()
    {
        var folder = Directory.CreateTempSubdirectory("par-mount-probe-");
        try
        {
            var start = new ProcessStartInfo("unshare") { ArgumentList = { "-m", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.FullName }, RedirectStandardError = true };
            using var probe = Process.Start(start)!;
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No unshare on this machine.
            return false;
        }
        finally
        {
            folder.Delete();
        }
    }
}

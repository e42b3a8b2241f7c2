using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Par.Search.Tests;

/// <summary>
/// Compares text with a checked-in file under Snapshots/. Run the tests with PAR_UPDATE_SNAPSHOTS=1 to
/// rewrite the files from the current output instead (then review the diff and commit it).
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string fileName, [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots", fileName);
        if (Environment.GetEnvironmentVariable("PAR_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot {path}; run the tests once with PAR_UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}

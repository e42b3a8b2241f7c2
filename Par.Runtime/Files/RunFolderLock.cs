using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Par.Runtime.Files;

/// <summary>
/// The claim of one par process on the folder it writes (a run folder, a search's output folder): held from before the
/// first check that could replace anything until the process ends. A second writer is refused at once, naming the
/// holder's pid, instead of both overwriting each other's checkpoints. Readers (<c>eval</c>, <c>export</c>) take no lock:
/// every file is written to a temporary and renamed over the old one, so they read the last complete version.
/// </summary>
/// <remarks>
/// The lock is an OS record lock (<c>fcntl F_SETLK</c>, <see cref="FileStream.Lock"/>) on the first byte of
/// <see cref="FileName"/>, which holds the holder's pid. The kernel drops it when the process ends in any way, SIGKILL
/// included, so the file left behind locks nothing and is simply reused. Not <c>FileShare.None</c>, though .NET backs
/// that with <c>flock(LOCK_EX)</c>: every other .NET open of the file takes <c>flock(LOCK_SH)</c> and would fail, so
/// the refused process could not read the pid. A record lock is per process: nothing else in the holder may open and
/// close this file, which would release it.
/// </remarks>
public sealed class RunFolderLock : IDisposable
{
    /// <summary>The lock file in the locked folder.</summary>
    public const string FileName = ".par.lock";

    private readonly FileStream file;

    private RunFolderLock(FileStream file) => this.file = file;

    /// <summary>
    /// Creates <paramref name="folder"/> if needed and locks it for this process; an <see cref="IOException"/> naming
    /// the folder and the holder's pid when another process holds it.
    /// </summary>
    public static RunFolderLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        var file = new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        try
        {
            try
            {
                // .NET has no record locks on macOS; Par runs on Linux (its libtorch package is linux-x64).
                if (!OperatingSystem.IsMacOS())
                {
                    file.Lock(0, 1);
                }
            }
            catch (IOException)
            {
                var holder = Holder(file);
                throw new IOException($"{folder} is in use by another par process{(holder is null ? string.Empty : $" (pid {holder})")}; wait for it to end, or write elsewhere.");
            }

            file.SetLength(0);
            file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            return new RunFolderLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock; the file stays, locking nothing.</summary>
    public void Dispose() => file.Dispose();

    // The holder writes its pid just after locking: a refusal in between finds the file empty and names no pid.
    private static int? Holder(FileStream file)
    {
        var buffer = new byte[32];
        file.Position = 0;
        var read = file.Read(buffer);
        return int.TryParse(Encoding.ASCII.GetString(buffer, 0, read).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}

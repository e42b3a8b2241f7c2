using System.IO;

namespace Par.Bench.Tests;

/// <summary>A benchmark's scratch folder goes with everything a run wrote in it, and two benchmarks never share one.</summary>
public sealed class ScratchDirectoryTests
{
    [Fact]
    public void Disposing_deletes_the_folder_with_what_a_run_left_in_it()
    {
        string path;
        using (var scratch = new ScratchDirectory("par-bench-test"))
        {
            path = scratch.Path;
            Directory.CreateDirectory(Path.Combine(path, "Baseline"));
            File.WriteAllText(Path.Combine(path, "Baseline", "checkpoint.bin"), "weights");
            Assert.True(Directory.Exists(path));
        }

        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void Two_scratch_folders_of_one_process_are_distinct_and_a_folder_already_gone_disposes_quietly()
    {
        using var first = new ScratchDirectory("par-bench-test");
        using var second = new ScratchDirectory("par-bench-test");

        Assert.NotEqual(first.Path, second.Path);
        Directory.Delete(second.Path);
        second.Dispose();
        Assert.False(Directory.Exists(second.Path));
        Assert.True(Directory.Exists(first.Path));
    }
}

using System;
using System.IO;

namespace ActivityFlow.Benchmarks;

/// <summary>(Shared by both benchmark projects.) The machine's load average, printed into the benchmark log when each benchmark starts and ends (timings on a
/// shared machine are read next to it).</summary>
internal static class LoadAverage
{
    public static void Print(string when)
    {
        string load;
        try
        {
            load = File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            load = "n/a";
        }

        Console.WriteLine($"// load average {when}: {load} ({DateTime.UtcNow:HH:mm:ss} UTC)");
    }
}

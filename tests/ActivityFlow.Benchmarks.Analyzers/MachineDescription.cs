using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using ActivityFlow.Analyzers.Plumbing;
using ActivityFlow.RealProjects;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>What a result is read beside: the machine, the runtime, the Roslyn host and the analyzer commit measured.</summary>
internal static class MachineDescription
{
    public static void Print(TextWriter log)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        log.WriteLine($"// machine: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, " +
                      $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GB; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; " +
                      $"Roslyn host {typeof(Compilation).Assembly.GetName().Version}");
        log.WriteLine($"// ActivityFlow.Analyzers: {typeof(ActivityAnalyzer).Assembly.Location}, {AnalyzerCommit()}");
        // Tiered JIT recompiles hot Roslyn and analyzer code in the background during the measured rounds, and that CPU
        // lands on whichever set runs then; DOTNET_TieredCompilation=0 compiles once, in the warm-up.
        var tiered = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") != "0";
        log.WriteLine($"// tiered compilation: {(tiered ? "on (set DOTNET_TieredCompilation=0 for steadier process CPU figures)" : "off")}");
    }

    /// <summary>The checkout's HEAD, the last commit that changed src/ActivityFlow.Analyzers, and whether the working tree differs from it there.</summary>
    private static string AnalyzerCommit()
    {
        var root = typeof(MachineDescription).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (root is null)
        {
            return "commit unknown";
        }

        var head = ProcessRunner.Run("git", ["-C", root, "log", "-1", "--format=%h"]);
        var commit = ProcessRunner.Run("git", ["-C", root, "log", "-1", "--format=%h %cI", "--", "src/ActivityFlow.Analyzers"]);
        var dirty = ProcessRunner.Run("git", ["-C", root, "status", "--porcelain", "--", "src/ActivityFlow.Analyzers"]);
        return commit.ExitCode != 0
            ? "commit unknown"
            : $"HEAD {head.StandardOutput.Trim()}, src/ActivityFlow.Analyzers last changed in commit {commit.StandardOutput.Trim()}{(dirty.StandardOutput.Trim().Length > 0 ? " plus uncommitted changes" : "")}";
    }
}

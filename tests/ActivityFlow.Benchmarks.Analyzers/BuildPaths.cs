using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>Paths the build recorded in this assembly's metadata (NuGet cache locations of peer analyzers and references).</summary>
internal static class BuildPaths
{
    /// <summary>Every path recorded under <paramref name="key"/>, each checked to exist.</summary>
    public static string[] All(string key)
    {
        var paths = typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key == key && a.Value is not null)
            .Select(a => a.Value!)
            .ToArray();
        if (paths.Length == 0)
        {
            throw new InvalidOperationException($"No path recorded for '{key}'; rebuild the benchmark project.");
        }

        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"'{key}' not found at {path}; run 'dotnet restore' on the benchmark project.");
            }
        }

        return paths;
    }

    public static string One(string key) => All(key).Single();
}

using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>Paths the build recorded for the tests (package assemblies, repository root).</summary>
internal static class TestPaths
{
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string Reference(string assemblyName)
    {
        var path = Metadata("Reference:" + assemblyName);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"Reference assembly '{assemblyName}' not found at {path}; run 'dotnet restore' on the test project.");
    }

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing from the test project.");
}

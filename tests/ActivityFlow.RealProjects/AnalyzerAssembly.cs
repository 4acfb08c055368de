using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.RealProjects;

/// <summary>
/// Loads the C# analyzers of analyzer DLLs given by path, each set in a load context of its own, so a run can score
/// any build of a package (an older or newer ActivityFlow.Analyzers.dll) beside other analyzer packages. Roslyn
/// itself is shared with this host.
/// </summary>
public static class AnalyzerAssembly
{
    public static ImmutableArray<DiagnosticAnalyzer> Load(IEnumerable<string> paths)
    {
        var context = new IsolatedContext();
        var loader = new ContextLoader(context);
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"analyzer assembly not found: {full}", full);
            }

            context.AddDirectory(Path.GetDirectoryName(full)!);
            var reference = new AnalyzerFileReference(full, loader);
            var errors = new List<string>();
            reference.AnalyzerLoadFailed += (_, e) => errors.Add(e.Message);
            var found = reference.GetAnalyzers(LanguageNames.CSharp);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"{full} failed to load: {string.Join("; ", errors)}");
            }

            analyzers.AddRange(found);
        }

        return analyzers.ToImmutable();
    }

    private sealed class ContextLoader(IsolatedContext context) : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) => context.AddDirectory(Path.GetDirectoryName(fullPath)!);

        public Assembly LoadFromPath(string fullPath) => context.LoadFromAssemblyPath(fullPath);
    }

    private sealed class IsolatedContext() : AssemblyLoadContext("analyzers", isCollectible: false)
    {
        private readonly List<string> _directories = new();

        public void AddDirectory(string directory)
        {
            if (!_directories.Contains(directory))
            {
                _directories.Add(directory);
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Roslyn and the framework come from the host, so analyzer types match the driver's.
            if (assemblyName.Name is null || assemblyName.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                || assemblyName.Name.StartsWith("System.", StringComparison.Ordinal))
            {
                return null;
            }

            foreach (var directory in _directories)
            {
                var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
                if (File.Exists(candidate))
                {
                    return LoadFromAssemblyPath(candidate);
                }
            }

            return null;
        }
    }
}

using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.RealProjects;

/// <summary>A project is a test project when it compiles against a test framework.</summary>
public static class TestProjects
{
    private static readonly string[] TestFrameworkAssemblies =
    [
        "xunit.core", "xunit.v3.core", "xunit.assert", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "MSTest.TestFramework", "TUnit.Core",
    ];

    public static bool IsTestProject(Project project) =>
        project.MetadataReferences.OfType<PortableExecutableReference>()
            .Select(r => Path.GetFileNameWithoutExtension(r.FilePath ?? ""))
            .Any(name => TestFrameworkAssemblies.Contains(name, StringComparer.OrdinalIgnoreCase));
}

using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Analyzers.Plumbing;

/// <summary>
/// Test projects are not analysed unless asked: tests suppress flow, clear <c>Activity.Current</c> and leave Activities
/// running on purpose, and analyzer users switch such rules off there anyway. A test project is one MSBuild marks with
/// <c>IsTestProject</c> (made visible to analyzers by the package's props) or one that references a test framework.
/// </summary>
internal static class TestProjects
{
    private static readonly HashSet<string> TestFrameworkAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "xunit.core",
        "xunit.v3.core",
        "nunit.framework",
        "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "TUnit.Core",
    };

    public static bool IsTestProject(Compilation compilation, AnalyzerOptions options)
    {
        if (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.IsTestProject", out var marked)
            && string.Equals(marked.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (TestFrameworkAssemblies.Contains(assembly.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the user asked for test code too (<c>activityflow.analyze_test_projects = true</c>), globally or for this file.</summary>
    public static bool IsOptedIn(AnalyzerOptions options, SyntaxTree? tree)
    {
        var configured = options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ActivityFlowOptions.AnalyzeTestProjects, out var global)
            ? global
            : tree is null ? null : ActivityFlowOptions.Get(options, tree, ActivityFlowOptions.AnalyzeTestProjects);
        return configured is not null && bool.TryParse(configured.Trim(), out var value) && value;
    }
}

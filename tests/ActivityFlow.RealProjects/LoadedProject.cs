using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.RealProjects;

/// <summary>One real project as the compiler sees it, on one target framework.</summary>
/// <param name="RelativePath">The project file, relative to the checkout.</param>
/// <param name="TargetFramework">The framework chosen (null for a single-target project that does not say).</param>
/// <param name="IsTestProject">References a test framework (xunit, NUnit, MSTest, TUnit).</param>
/// <param name="LoadProblems">What MSBuildWorkspace reported while loading it (missing references, failed targets).</param>
public sealed record LoadedProject(
    string RelativePath,
    string? TargetFramework,
    Project Project,
    bool IsTestProject,
    IReadOnlyList<string> LoadProblems);

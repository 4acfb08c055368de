using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>What a test's sources compile with (references, .editorconfig options, output kind), applied to any framework test.</summary>
internal sealed class TestSetup
{
    // No reference packs: the framework would download them at test time (no network, and no 9.0/10.0 packs are
    // served). Every reference comes from the ReferenceSet, as AdditionalReferences.
    private static readonly ReferenceAssemblies NoReferencePacks = new("net8.0");

    public ReferenceSet References { get; set; } = ReferenceSet.Net80;

    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);

    public bool Executable { get; set; }

    public bool AllowCompilerErrors { get; set; }

    public void ApplyTo(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = NoReferencePacks;
        test.TestState.AdditionalReferences.AddRange(References.References);
        test.TestState.OutputKind = Executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        test.CompilerDiagnostics = AllowCompilerErrors ? CompilerDiagnostics.None : CompilerDiagnostics.Errors;
        test.SolutionTransforms.Add(LatestLanguageWithNullable);
        if (Options.Count > 0)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig()));
        }
    }

    /// <summary>Adds documents named as the framework names them (Test0.cs, Test1.cs, …).</summary>
    public static void AddSources(SolutionState state, IEnumerable<string> sources)
    {
        foreach (var source in sources)
        {
            state.Sources.Add(source);
        }
    }

    // As a current SDK project compiles: the newest C# and nullable annotations on.
    private static Solution LatestLanguageWithNullable(Solution solution, ProjectId projectId)
    {
        var project = solution.GetProject(projectId)!;
        return solution
            .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable))
            .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest));
    }

    private string EditorConfig()
    {
        var text = new StringBuilder("root = true\n\n[*.cs]\n");
        foreach (var (key, value) in Options)
        {
            text.Append(key).Append(" = ").Append(value).Append('\n');
        }

        return text.ToString();
    }
}

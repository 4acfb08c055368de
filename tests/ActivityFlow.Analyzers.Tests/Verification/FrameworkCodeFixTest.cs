using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>The framework's code-fix test, able to run more analyzers beside <typeparamref name="TAnalyzer"/>.</summary>
internal sealed class FrameworkCodeFixTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public List<DiagnosticAnalyzer> MoreAnalyzers { get; } = new();

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => base.GetDiagnosticAnalyzers().Concat(MoreAnalyzers);
}

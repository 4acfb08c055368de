using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>The framework's analyzer test, able to run more analyzers beside <typeparamref name="TAnalyzer"/>.</summary>
internal sealed class FrameworkAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public List<DiagnosticAnalyzer> MoreAnalyzers { get; } = new();

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => base.GetDiagnosticAnalyzers().Concat(MoreAnalyzers);
}

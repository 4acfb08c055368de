using System.Collections.Generic;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>
/// The analyzer (and fix) types a <see cref="Verify"/> was given, kept as generic arguments so that it can create
/// the framework's <see cref="FrameworkAnalyzerTest{TAnalyzer}"/> or <see cref="FrameworkCodeFixTest{TAnalyzer,TFix}"/>.
/// </summary>
internal abstract class RuleUnderTest
{
    public abstract AnalyzerTest<DefaultVerifier> CreateAnalyzerTest(IEnumerable<DiagnosticAnalyzer> moreAnalyzers);

    /// <summary>Null when no fix was given.</summary>
    public abstract CodeFixTest<DefaultVerifier>? CreateCodeFixTest(IEnumerable<DiagnosticAnalyzer> moreAnalyzers);

    public abstract RuleUnderTest WithFix<TFix>()
        where TFix : CodeFixProvider, new();

    public class AnalyzerOnly<TAnalyzer> : RuleUnderTest
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public override AnalyzerTest<DefaultVerifier> CreateAnalyzerTest(IEnumerable<DiagnosticAnalyzer> moreAnalyzers)
        {
            var test = new FrameworkAnalyzerTest<TAnalyzer>();
            test.MoreAnalyzers.AddRange(moreAnalyzers);
            return test;
        }

        public override CodeFixTest<DefaultVerifier>? CreateCodeFixTest(IEnumerable<DiagnosticAnalyzer> moreAnalyzers) => null;

        public override RuleUnderTest WithFix<TFix>() => new AnalyzerWithFix<TAnalyzer, TFix>();
    }

    private sealed class AnalyzerWithFix<TAnalyzer, TFix> : AnalyzerOnly<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        public override CodeFixTest<DefaultVerifier> CreateCodeFixTest(IEnumerable<DiagnosticAnalyzer> moreAnalyzers)
        {
            var test = new FrameworkCodeFixTest<TAnalyzer, TFix>();
            test.MoreAnalyzers.AddRange(moreAnalyzers);
            return test;
        }
    }
}

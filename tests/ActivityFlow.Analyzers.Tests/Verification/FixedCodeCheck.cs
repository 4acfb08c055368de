using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit.Sdk;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>
/// A fix's output must compile and trigger no ActivityFlow rule at all, not only none of the rule it fixes (a fix
/// that trades one lost trace for another is no fix).
/// </summary>
internal static class FixedCodeCheck
{
    public static async Task TriggersNoRuleAsync(TestSetup setup, IEnumerable<string> fixedSources)
    {
        var test = new AllRulesTest();
        setup.ApplyTo(test);
        test.CompilerDiagnostics = CompilerDiagnostics.Errors;
        TestSetup.AddSources(test.TestState, fixedSources);
        try
        {
            await test.RunAsync();
        }
        catch (System.Exception e)
        {
            throw new XunitException("The fixed code does not compile or triggers an ActivityFlow rule:\n" + e.Message, e);
        }
    }

    private sealed class AllRulesTest : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
    {
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AllAnalyzers.CreateAnalyzers();
    }
}

using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;

namespace ActivityFlow.Analyzers.Tests.Meta;

/// <summary>Test projects are skipped unless activityflow.analyze_test_projects opts in (globally or per file).</summary>
public sealed class TestProjectTests
{
    private const string LeakInATest = """
        using System.Diagnostics;

        public class OrderTests
        {
            private static readonly ActivitySource Source = new("tests");

            public void LeavesTheActivityRunning_OnPurpose()
            {
                var activity = Source.StartActivity("under test");
            }
        }
        """;

    [Fact]
    public Task NoReport_InAProjectThatReferencesATestFramework() =>
        Verify.Analyzer<ACTX202StartedActivityNeverStoppedAnalyzer>()
            .WithReferences(ReferenceSet.Net80TestProject)
            .WithSource(LeakInATest)
            .ValidateAsync();

    [Fact]
    public Task Report_InATestProject_WhenTheFileOptsIn() =>
        Verify.Analyzer<ACTX202StartedActivityNeverStoppedAnalyzer>()
            .WithReferences(ReferenceSet.Net80TestProject)
            .WithOption("activityflow.analyze_test_projects", "true")
            .WithSource(LeakInATest.Replace("var activity =", "var [|activity|] =", System.StringComparison.Ordinal))
            .ValidateAsync();

    [Fact]
    public Task Report_OutsideTestProjects() =>
        Verify.Analyzer<ACTX202StartedActivityNeverStoppedAnalyzer>()
            .WithSource(LeakInATest.Replace("var activity =", "var [|activity|] =", System.StringComparison.Ordinal))
            .ValidateAsync();
}

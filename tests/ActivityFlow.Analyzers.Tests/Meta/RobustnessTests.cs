using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers.Tests.Verification;

namespace ActivityFlow.Analyzers.Tests.Meta;

/// <summary>Analyzers never throw on broken or half-typed code: every corpus file, cut after every line.</summary>
public sealed class RobustnessTests
{
    public static IEnumerable<object[]> CorpusFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.cs")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task EveryAnalyzer_SurvivesEveryTruncation(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Corpus", file));
        var analyzers = AllAnalyzers.CreateAnalyzers();
        var reported = 0;
        for (var count = 1; count <= lines.Length; count++)
        {
            var source = string.Join("\n", lines.Take(count));
            var project = TestWorkspace.CreateProject(source, ReferenceSet.Net10AspNetCore);

            // Throws (and so fails the test) on any analyzer exception or AD0001.
            var diagnostics = await Analysis.RunAsync(project, analyzers, CancellationToken.None);
            reported += diagnostics.Length;
        }

        // The corpus is not inert: the complete and partial files do produce findings.
        Assert.True(reported > 0, $"No diagnostic in any truncation of {file}: the corpus no longer exercises the rules.");
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ActivityFlow.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Meta;

/// <summary>Every rule is documented, linked, release-tracked and (where fixable) fixable from dotnet format.</summary>
public sealed class RuleCatalogTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Supported = AllAnalyzers.CreateAnalyzers()
        .SelectMany(a => a.SupportedDiagnostics)
        .ToList();

    public static IEnumerable<object[]> Ids() => Supported.Select(d => new object[] { d.Id });

    [Fact]
    public void EveryDescriptor_IsReportedByExactlyOneAnalyzer()
    {
        var declared = typeof(RuleHelp).Assembly.GetType("ActivityFlow.Analyzers.Descriptors")!
            .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();
        var supported = Supported.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.Equal(declared, supported);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HasDocPage_MatchingHelpLink_AndTitle(string id)
    {
        var descriptor = Supported.Single(d => d.Id == id);
        Assert.Equal(RuleHelp.DocsBaseUri + id + ".md", descriptor.HelpLinkUri);

        var page = Path.Combine(TestPaths.RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"Missing doc page {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id} - ", text, StringComparison.Ordinal);
        Assert.Contains("## Options", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HasReleaseTrackingRow_WithItsCategoryAndSeverity(string id)
    {
        var descriptor = Supported.Single(d => d.Id == id);
        var rows = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "AnalyzerReleases.Shipped.md")))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length >= 3 && cells[0] == id)
            .ToList();
        var row = Assert.Single(rows);
        Assert.Equal(descriptor.Category, row[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
    }

    [Fact]
    public void EveryDocPage_BelongsToARule()
    {
        var ids = Supported.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "docs", "rules"), "ACTX*.md")
            .Select(Path.GetFileNameWithoutExtension);
        Assert.All(pages, page => Assert.Contains(page!, ids));
    }

    [Fact]
    public void Readme_ListsEveryRule()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        Assert.All(Supported, d => Assert.Matches(new Regex(@"\|\s*\[?" + d.Id + @"\b"), readme));
    }

    [Fact]
    public void EveryFix_SupportsFixAllInSolution_AndTargetsKnownRules()
    {
        var ids = Supported.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(AllAnalyzers.CodeFixTypes);
        foreach (var fix in AllAnalyzers.CreateCodeFixes())
        {
            var provider = fix.GetFixAllProvider();
            Assert.NotNull(provider);
            Assert.Contains(FixAllScope.Solution, provider!.GetSupportedFixAllScopes());
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, ids));
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ActivityFlow.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

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

    /// <summary>One name per rule: the DiagnosticIds constant, the descriptor, and "ID + name" for the analyzer, fix and tests.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_HasOneName_AcrossIdDescriptorAnalyzerFixAndTests(string id)
    {
        var name = RuleName(id);
        Assert.NotNull(typeof(RuleHelp).Assembly.GetType("ActivityFlow.Analyzers.Descriptors")!
            .GetField(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic));
        Assert.Equal(id + name + "Analyzer", Assert.Single(AnalyzerTypesReporting(id)).Name);
        Assert.All(FixTypesFixing(id), fix => Assert.Equal(id + name + "Fix", fix.Name));
        Assert.Contains(typeof(RuleCatalogTests).Assembly.GetTypes(), t => t.Name == id + name + "Tests");
    }

    /// <summary>Each page ends with a Sources line whose links name the rule's analyzer, fix and test files, all present.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void DocPage_EndsWithSources_LinkingAnalyzerFixAndTests(string id)
    {
        var page = Path.Combine(TestPaths.RepositoryRoot, "docs", "rules", id + ".md");
        var last = File.ReadAllLines(page).Last(line => line.Trim().Length > 0);
        Assert.StartsWith("Sources: ", last, StringComparison.Ordinal);

        var linked = Regex.Matches(last, @"\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.All(linked, link => Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, link))), $"{id}.md links to missing {link}"));

        var name = RuleName(id);
        var expected = new[] { id + name + "Analyzer.cs", id + name + "Tests.cs" }
            .Concat(FixTypesFixing(id).Select(fix => fix.Name + ".cs"));
        Assert.All(expected, file => Assert.Contains(linked, link => Path.GetFileName(link) == file));
    }

    [Fact]
    public void FixableRulesFile_ListsExactlyTheRulesWithAFix()
    {
        var listed = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "src", "ActivityFlow.CodeFixes", "FixableRules.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Order(StringComparer.Ordinal);
        var fixable = AllAnalyzers.CreateCodeFixes().SelectMany(fix => fix.FixableDiagnosticIds).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(fixable, listed);
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

    private static string RuleName(string id) =>
        typeof(DiagnosticIds).GetFields(BindingFlags.Static | BindingFlags.Public).Single(f => (string?)f.GetValue(null) == id).Name;

    private static IEnumerable<Type> AnalyzerTypesReporting(string id) =>
        AllAnalyzers.AnalyzerTypes.Where(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics.Any(d => d.Id == id));

    private static IEnumerable<Type> FixTypesFixing(string id) =>
        AllAnalyzers.CodeFixTypes.Where(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds.Contains(id));
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Sdk;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>
/// Fluent verifier: <c>await Verify.Analyzer&lt;T&gt;().WithSource("… [|code|] …").ValidateAsync();</c>.
/// It fails when the test source does not compile, when diagnostics differ from the markup, when an analyzer
/// throws, when a fix's output differs, does not compile, or still triggers any ActivityFlow rule.
/// </summary>
public sealed class Verify
{
    private readonly List<DiagnosticAnalyzer> _analyzers = new();
    private readonly List<string> _markups = new();
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private CodeFixProvider? _fix;
    private ReferenceSet _references = ReferenceSet.Net80;
    private string[]? _fixedSources;
    private bool _batch;
    private int _actionIndex;
    private bool _allowCompilerErrors;
    private bool _executable;

    private Verify()
    {
    }

    public static Verify Analyzer<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new() => new Verify().WithAnalyzer<TAnalyzer>();

    public Verify WithAnalyzer<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        _analyzers.Add(new TAnalyzer());
        return this;
    }

    public Verify WithCodeFix<TFix>()
        where TFix : CodeFixProvider, new()
    {
        _fix = new TFix();
        return this;
    }

    /// <summary>Adds a document; call again for more documents.</summary>
    public Verify WithSource(string markup)
    {
        _markups.Add(markup);
        return this;
    }

    /// <summary>Adds an .editorconfig entry under [*.cs].</summary>
    public Verify WithOption(string key, string value)
    {
        _options[key] = value;
        return this;
    }

    public Verify WithReferences(ReferenceSet references)
    {
        _references = references;
        return this;
    }

    /// <summary>For robustness runs over broken code: compiler errors are expected, analyzer exceptions still fail.</summary>
    public Verify AllowCompilerErrors()
    {
        _allowCompilerErrors = true;
        return this;
    }

    /// <summary>Compiles the sources as a program (needed for top-level statements).</summary>
    public Verify AsExecutable()
    {
        _executable = true;
        return this;
    }

    /// <summary>Applies the fix to one diagnostic at a time (as an IDE user would) until none is left.</summary>
    public Verify ShouldFixCodeWith(params string[] fixedSources) => ExpectFix(fixedSources, batch: false, actionIndex: 0);

    public Verify ShouldFixCodeWith(int actionIndex, params string[] fixedSources) => ExpectFix(fixedSources, batch: false, actionIndex);

    /// <summary>Applies Fix All at Solution scope (what <c>dotnet format</c> uses).</summary>
    public Verify ShouldBatchFixCodeWith(params string[] fixedSources) => ExpectFix(fixedSources, batch: true, actionIndex: 0);

    public async Task ValidateAsync()
    {
        if (_analyzers.Count == 0 || _markups.Count == 0)
        {
            throw new InvalidOperationException("Verify needs an analyzer and at least one source.");
        }

        var parsed = _markups.Select(Markup.Parse).ToList();
        var project = TestWorkspace.CreateProject(parsed.Select(p => p.Source).ToList(), _options, _references, _executable);

        if (!_allowCompilerErrors)
        {
            await AssertCompilesAsync(project, "test source");
        }

        var diagnostics = await Analysis.RunAsync(project, _analyzers.ToImmutableArray(), CancellationToken.None);
        AssertDiagnostics(project, parsed.Select(p => p.Expected).ToList(), diagnostics);

        if (_fix is not null && _fixedSources is not null)
        {
            var fixedProject = _batch
                ? await FixAllAsync(project, diagnostics)
                : await FixOneByOneAsync(project);
            await AssertFixedAsync(fixedProject);
        }
    }

    private Verify ExpectFix(string[] fixedSources, bool batch, int actionIndex)
    {
        _fixedSources = fixedSources;
        _batch = batch;
        _actionIndex = actionIndex;
        return this;
    }

    private void AssertDiagnostics(Project project, IReadOnlyList<IReadOnlyList<ExpectedDiagnostic>> expectedPerDocument, ImmutableArray<Diagnostic> actual)
    {
        var defaultId = _analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToList();
        var documents = TestWorkspace.OrderedDocuments(project).ToList();
        var expected = new List<string>();
        for (var i = 0; i < documents.Count; i++)
        {
            foreach (var e in expectedPerDocument[i])
            {
                var id = e.Id ?? (defaultId.Count == 1 ? defaultId[0] : throw new InvalidOperationException("[|…|] needs a single-ID analyzer; use {|ID:…|}."));
                expected.Add(Describe(documents[i].Name, id, e.Span));
            }
        }

        var actualDescribed = actual
            .Select(d => Describe(System.IO.Path.GetFileName(d.Location.SourceTree?.FilePath ?? "?"), d.Id, d.Location.SourceSpan))
            .ToList();
        expected.Sort(StringComparer.Ordinal);
        actualDescribed.Sort(StringComparer.Ordinal);
        if (!expected.SequenceEqual(actualDescribed))
        {
            var message = new StringBuilder("Diagnostics differ from the markup.\nExpected:\n");
            expected.ForEach(e => message.Append("  ").Append(e).Append('\n'));
            message.Append("Actual:\n");
            foreach (var d in actual)
            {
                message.Append("  ").Append(Describe(System.IO.Path.GetFileName(d.Location.SourceTree?.FilePath ?? "?"), d.Id, d.Location.SourceSpan))
                    .Append(" '").Append(d.Location.SourceTree?.GetText().ToString(d.Location.SourceSpan)).Append("': ")
                    .Append(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }

            throw new XunitException(message.ToString());
        }
    }

    private static string Describe(string file, string id, Microsoft.CodeAnalysis.Text.TextSpan span) => $"{file} {id} [{span.Start}..{span.End})";

    private async Task<Project> FixOneByOneAsync(Project project)
    {
        for (var round = 0; round < 50; round++)
        {
            var diagnostics = await Analysis.RunAsync(project, _analyzers.ToImmutableArray(), CancellationToken.None);
            var fixable = diagnostics.Where(d => _fix!.FixableDiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceSpan.Start).ToList();
            CodeAction? action = null;
            Document? document = null;
            foreach (var diagnostic in fixable)
            {
                document = project.GetDocument(diagnostic.Location.SourceTree)!;
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
                await _fix!.RegisterCodeFixesAsync(context);
                if (actions.Count > _actionIndex)
                {
                    action = actions[_actionIndex];
                    Assert.False(string.IsNullOrEmpty(action.EquivalenceKey), "Every code action needs a non-null equivalence key (FixAll and dotnet format use it).");
                    break;
                }
            }

            if (action is null)
            {
                return project;
            }

            project = await ApplyAsync(project, action);
        }

        throw new XunitException("The code fix did not converge after 50 rounds.");
    }

    private async Task<Project> FixAllAsync(Project project, ImmutableArray<Diagnostic> diagnostics)
    {
        var provider = _fix!.GetFixAllProvider() ?? throw new XunitException($"{_fix.GetType().Name} has no FixAll provider.");
        Assert.Contains(FixAllScope.Solution, provider.GetSupportedFixAllScopes());

        var fixable = diagnostics.Where(d => _fix.FixableDiagnosticIds.Contains(d.Id)).ToList();
        if (fixable.Count == 0)
        {
            return project;
        }

        // The equivalence key of the first registered action, as dotnet format picks it.
        var first = fixable[0];
        var document = project.GetDocument(first.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await _fix.RegisterCodeFixesAsync(new CodeFixContext(document, first, (a, _) => actions.Add(a), CancellationToken.None));
        Assert.NotEmpty(actions);
        var key = actions[_actionIndex].EquivalenceKey;
        Assert.False(string.IsNullOrEmpty(key), "Every code action needs a non-null equivalence key.");

        var context = new FixAllContext(
            document,
            _fix,
            FixAllScope.Solution,
            key,
            fixable.Select(d => d.Id).Distinct(),
            new FixedDiagnosticProvider(fixable),
            CancellationToken.None);
        var action = await provider.GetFixAsync(context) ?? throw new XunitException("Fix All produced no action.");
        return await ApplyAsync(project, action);
    }

    private static async Task<Project> ApplyAsync(Project project, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
        return apply.ChangedSolution.GetProject(project.Id)!;
    }

    private async Task AssertFixedAsync(Project fixedProject)
    {
        var documents = TestWorkspace.OrderedDocuments(fixedProject).ToList();
        for (var i = 0; i < _fixedSources!.Length; i++)
        {
            var actual = (await documents[i].GetTextAsync()).ToString();
            Assert.Equal(Normalize(_fixedSources[i]), Normalize(actual));
        }

        await AssertCompilesAsync(fixedProject, "fixed source");

        // A fix's output never re-triggers any ActivityFlow rule.
        var remaining = await Analysis.RunAsync(fixedProject, AllAnalyzers.CreateAnalyzers(), CancellationToken.None);
        if (remaining.Length > 0)
        {
            throw new XunitException("The fixed code still triggers: " + string.Join("; ", remaining.Select(d => d.ToString())));
        }
    }

    private static async Task AssertCompilesAsync(Project project, string what)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var text = new StringBuilder($"The {what} does not compile:\n");
            errors.ForEach(e => text.Append("  ").Append(e).Append('\n'));
            if (what == "fixed source")
            {
                foreach (var document in project.Documents)
                {
                    text.Append("---- ").Append(document.Name).Append('\n').Append(await document.GetTextAsync()).Append('\n');
                }
            }

            throw new XunitException(text.ToString());
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly IReadOnlyList<Diagnostic> _diagnostics;

        public FixedDiagnosticProvider(IReadOnlyList<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(_diagnostics.AsEnumerable());

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>
/// Fluent front of Microsoft.CodeAnalysis.Testing: <c>await Verify.Analyzer&lt;T&gt;().WithSource("… [|code|] …").ValidateAsync();</c>.
/// The framework checks the markup diagnostics, that the sources compile, analyzer exceptions, that
/// <c>#pragma warning disable</c> silences each diagnostic, and each fix: one diagnostic at a time, and as Fix All in
/// Document, Project and Solution scope, each reaching its output in one pass. Then every ActivityFlow analyzer runs
/// over the fixed code, which must compile and trigger none of them.
/// </summary>
public sealed class Verify
{
    private readonly TestSetup _setup = new();
    private readonly List<string> _sources = new();
    private readonly List<DiagnosticAnalyzer> _moreAnalyzers = new();
    private RuleUnderTest _rule;
    private string[]? _fixedSources;
    private string[]? _batchFixedSources;
    private int? _actionIndex;

    private Verify(RuleUnderTest rule) => _rule = rule;

    public static Verify Analyzer<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new() => new(new RuleUnderTest.AnalyzerOnly<TAnalyzer>());

    /// <summary>Runs one more analyzer beside the first; <c>[|…|]</c> stays the first analyzer's diagnostic.</summary>
    public Verify WithAnalyzer<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        _moreAnalyzers.Add(new TAnalyzer());
        return this;
    }

    public Verify WithCodeFix<TFix>()
        where TFix : CodeFixProvider, new()
    {
        _rule = _rule.WithFix<TFix>();
        return this;
    }

    /// <summary>Adds a document (Test0.cs, Test1.cs, …); call again for more documents.</summary>
    public Verify WithSource(string markup)
    {
        _sources.Add(markup);
        return this;
    }

    /// <summary>Adds an .editorconfig entry under [*.cs].</summary>
    public Verify WithOption(string key, string value)
    {
        _setup.Options[key] = value;
        return this;
    }

    public Verify WithReferences(ReferenceSet references)
    {
        _setup.References = references;
        return this;
    }

    /// <summary>For robustness runs over broken code: compiler errors are expected, analyzer exceptions still fail.</summary>
    public Verify AllowCompilerErrors()
    {
        _setup.AllowCompilerErrors = true;
        return this;
    }

    /// <summary>Compiles the sources as a program (needed for top-level statements).</summary>
    public Verify AsExecutable()
    {
        _setup.Executable = true;
        return this;
    }

    /// <summary>
    /// The output of applying the fix one diagnostic at a time (as an IDE user would). Fix All in every scope must
    /// give the same output unless <see cref="ShouldBatchFixCodeWith(string[])"/> says otherwise.
    /// </summary>
    public Verify ShouldFixCodeWith(params string[] fixedSources)
    {
        _fixedSources = fixedSources;
        return this;
    }

    /// <summary>As <see cref="ShouldFixCodeWith(string[])"/>, applying the fix's code action at <paramref name="actionIndex"/>.</summary>
    public Verify ShouldFixCodeWith(int actionIndex, params string[] fixedSources)
    {
        _actionIndex = actionIndex;
        return ShouldFixCodeWith(fixedSources);
    }

    /// <summary>
    /// The output of Fix All in Document, Project and Solution scope (<c>dotnet format</c> uses Solution). Without
    /// <see cref="ShouldFixCodeWith(string[])"/>, fixing one diagnostic at a time must give the same output.
    /// </summary>
    public Verify ShouldBatchFixCodeWith(params string[] fixedSources)
    {
        _batchFixedSources = fixedSources;
        return this;
    }

    public async Task ValidateAsync()
    {
        if (_sources.Count == 0)
        {
            throw new InvalidOperationException("Verify needs at least one source.");
        }

        // Without a one-by-one expectation, fixing one diagnostic at a time must give the Fix All output too.
        var oneByOne = _fixedSources ?? _batchFixedSources;
        var fixAllWhereItDiffers = _fixedSources is null ? null : _batchFixedSources;

        var test = oneByOne is null ? _rule.CreateAnalyzerTest(_moreAnalyzers) : CreateCodeFixTest(oneByOne, fixAllWhereItDiffers);
        _setup.ApplyTo(test);
        TestSetup.AddSources(test.TestState, _sources);
        await test.RunAsync();

        foreach (var fixedSources in new[] { oneByOne, fixAllWhereItDiffers })
        {
            if (fixedSources is not null)
            {
                await FixedCodeCheck.TriggersNoRuleAsync(_setup, fixedSources);
            }
        }
    }

    private CodeFixTest<DefaultVerifier> CreateCodeFixTest(string[] oneByOne, string[]? fixAll)
    {
        var test = _rule.CreateCodeFixTest(_moreAnalyzers)
            ?? throw new InvalidOperationException("A fixed-code expectation needs WithCodeFix<TFix>().");
        TestSetup.AddSources(test.FixedState, oneByOne);
        if (fixAll is not null)
        {
            TestSetup.AddSources(test.BatchFixedState, fixAll);
        }

        test.CodeActionIndex = _actionIndex;

        // Fix All and dotnet format find the action to apply to every diagnostic by its equivalence key.
        test.CodeActionVerifier = (action, verifier) =>
            verifier.False(string.IsNullOrEmpty(action.EquivalenceKey), $"Code action '{action.Title}' has no equivalence key.");
        return test;
    }
}

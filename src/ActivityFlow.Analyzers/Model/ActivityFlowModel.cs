using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// What ActivityFlow knows about one compilation, shared by every ActivityFlow analyzer and code fix that looks at it:
/// the known types (resolved lazily), the traced-work and live-scope oracles per option set, parsed option lists and
/// per-method memos. Created on first use and dropped with the compilation.
/// </summary>
internal sealed class ActivityFlowModel
{
    private const int Unknown = 0;
    private const int Analyzed = 1;
    private const int SkippedTestProject = 2;

    private static readonly ConditionalWeakTable<Compilation, Entry> Models = new();

    private readonly ConcurrentDictionary<(string? Methods, int Depth), TracedWork> _tracedWork = new();
    private readonly ConcurrentDictionary<string, MemberNameList> _lists = new();
    private readonly ConcurrentDictionary<SyntaxTree, bool> _optedIn = new();
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _stopsCurrent = new(SymbolEqualityComparer.Default);
    private int _testProjectState;
    private readonly ConcurrentDictionary<(string? Attributes, string? Methods), LiveActivityScope> _liveScopes = new();

    private ActivityFlowModel(KnownSymbols symbols)
    {
        Symbols = symbols;
        CallSites = new CallSites(symbols.Compilation);
        Forwarding = new Forwarding(symbols.Compilation);
    }

    public KnownSymbols Symbols { get; }

    /// <summary>Where this compilation's methods are called from (indexed on first use).</summary>
    public CallSites CallSites { get; }

    /// <summary>The traced client libraries, with each type's answer remembered for this compilation.</summary>
    public TracedClients Clients { get; } = new();

    /// <summary>Wrappers that pass a parameter on to a queue or a producer.</summary>
    public Forwarding Forwarding { get; }

    /// <summary>The model of the compilation, or null when it has no System.Diagnostics.Activity (nothing to lose then).</summary>
    public static ActivityFlowModel? For(Compilation compilation) =>
        Models.GetValue(compilation, c => new Entry(KnownSymbols.TryCreate(c) is { } symbols ? new ActivityFlowModel(symbols) : null)).Model;

    /// <summary>The traced-work oracle for the options that apply to this tree (usually one per compilation).</summary>
    public TracedWork TracedWorkFor(AnalyzerOptions options, SyntaxTree tree)
    {
        var methods = ActivityFlowOptions.Get(options, tree, ActivityFlowOptions.TracedWorkMethods);
        var depth = ActivityFlowOptions.GetTracedWorkDepth(options, tree);
        return _tracedWork.GetOrAdd((methods, depth), key => new TracedWork(Symbols, Clients, ListOf(key.Methods), key.Depth));
    }

    /// <summary>What the handed-off work traces ("logs through ILogger"), or null: the traced-work evidence of a rule's call site.</summary>
    public string? TracedWorkOf(OperationAnalysisContext context, DispatchedWork work) =>
        TracedWorkFor(context.Options, context.Operation.Syntax.SyntaxTree).Explain(work, context.CancellationToken);

    /// <summary>Why <paramref name="callSite"/> runs in a live Activity scope, or null: the live-scope evidence of a rule's call site.</summary>
    public string? LiveScopeAt(OperationAnalysisContext context, IOperation callSite) =>
        LiveScopeFor(context.Options, callSite.Syntax.SyntaxTree).Explain(callSite, context.ContainingSymbol, context.CancellationToken);

    /// <summary>
    /// The evidence a hand-off rule needs before it reports: what the work traces and why the call site is in a live
    /// Activity scope; null when either is missing (the live scope, the dearer question, is asked only when the work traces).
    /// </summary>
    public (string TracedWork, string LiveScope)? HandOffEvidence(OperationAnalysisContext context, IOperation callSite, DispatchedWork work) =>
        TracedWorkOf(context, work) is { } traced && LiveScopeAt(context, callSite) is { } live ? (traced, live) : null;

    /// <summary>A method list option for this tree, parsed once per distinct value.</summary>
    public MemberNameList ListOption(AnalyzerOptions options, SyntaxTree tree, string key) =>
        ListOf(ActivityFlowOptions.Get(options, tree, key));

    /// <summary>The live-Activity-scope oracle for the entry-point options that apply to this tree.</summary>
    public LiveActivityScope LiveScopeFor(AnalyzerOptions options, SyntaxTree tree)
    {
        var attributes = ActivityFlowOptions.Get(options, tree, ActivityFlowOptions.EntryPointAttributes);
        var methods = ActivityFlowOptions.Get(options, tree, ActivityFlowOptions.EntryPointMethods);
        return _liveScopes.GetOrAdd((attributes, methods), key => new LiveActivityScope(Symbols, CallSites, key.Attributes, ListOf(key.Methods)));
    }

    /// <summary>
    /// False in a test project, except in files opted in (<see cref="TestProjects"/>); the project is judged once, each
    /// file once.
    /// </summary>
    public bool Analyzes(AnalyzerOptions options, SyntaxTree tree)
    {
        var state = Volatile.Read(ref _testProjectState);
        if (state == Unknown)
        {
            state = TestProjects.IsTestProject(Symbols.Compilation, options) && !TestProjects.IsOptedIn(options, tree: null) ? SkippedTestProject : Analyzed;
            Volatile.Write(ref _testProjectState, state);
        }

        return state == Analyzed || _optedIn.GetOrAdd(tree, t => TestProjects.IsOptedIn(options, t));
    }

    /// <summary>True when a method of <paramref name="type"/> stops or disposes <c>Activity.Current</c> (judged once per type).</summary>
    public bool StopsCurrentActivity(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        _stopsCurrent.GetOrAdd(type, t => ActivityCalls.TypeStopsCurrent(t, Symbols, cancellationToken));

    private MemberNameList ListOf(string? raw) => raw is null ? MemberNameList.Empty : _lists.GetOrAdd(raw, MemberNameList.Parse);

    /// <summary>A reference wrapper: the table keeps "no Activity here" answers too.</summary>
    private sealed class Entry
    {
        public Entry(ActivityFlowModel? model) => Model = model;

        public ActivityFlowModel? Model { get; }
    }
}

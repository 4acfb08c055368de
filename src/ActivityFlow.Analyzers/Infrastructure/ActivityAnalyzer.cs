using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Analyzers.Infrastructure;

/// <summary>
/// Base for ActivityFlow analyzers: concurrent, skips generated code, resolves symbols once per compilation
/// and does nothing when System.Diagnostics.Activity is absent.
/// </summary>
public abstract class ActivityAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.TryCreate(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            OnCompilationStart(start, new AnalysisSession(symbols));
        });
    }

    internal abstract void OnCompilationStart(CompilationStartAnalysisContext context, AnalysisSession session);

    /// <summary>Registers an operation action that is guarded and skips expression trees and nameof.</summary>
    internal void RegisterOperation(CompilationStartAnalysisContext context, System.Action<OperationAnalysisContext> action, params OperationKind[] kinds)
    {
        var name = GetType().Name;
        context.RegisterOperationAction(
            GuardedActions.Guard(name, operationContext =>
            {
                if (!OperationSearch.IsInExpressionTreeOrNameof(operationContext.Operation))
                {
                    action(operationContext);
                }
            }),
            kinds);
    }
}

/// <summary>Per-compilation state shared by an analyzer's actions.</summary>
internal sealed class AnalysisSession
{
    private readonly ConcurrentDictionary<(string? Methods, int Depth), TracedWork> _tracedWork = new();
    private readonly ConcurrentDictionary<string, MemberNameList> _lists = new();
    private readonly ConcurrentDictionary<(string? Attributes, string? Methods), LiveActivityScope> _liveScopes = new();

    public AnalysisSession(KnownSymbols symbols) => Symbols = symbols;

    public KnownSymbols Symbols { get; }

    /// <summary>The traced-work oracle for the options that apply to this tree (usually one per compilation).</summary>
    public TracedWork TracedWorkFor(AnalyzerOptions options, SyntaxTree tree)
    {
        var methods = ActivityFlowOptions.Get(options, tree, ActivityFlowOptions.TracedWorkMethods);
        var depth = ActivityFlowOptions.GetTracedWorkDepth(options, tree);
        return _tracedWork.GetOrAdd((methods, depth), key => new TracedWork(Symbols, MemberNameList.Parse(key.Methods), key.Depth));
    }

    /// <summary>A method list option for this tree, parsed once per distinct value.</summary>
    public MemberNameList ListOption(AnalyzerOptions options, SyntaxTree tree, string key)
    {
        var raw = ActivityFlowOptions.Get(options, tree, key);
        return raw is null ? MemberNameList.Empty : _lists.GetOrAdd(raw, MemberNameList.Parse);
    }

    /// <summary>The live-Activity-scope oracle for the entry-point options that apply to this tree.</summary>
    public LiveActivityScope LiveScopeFor(AnalyzerOptions options, SyntaxTree tree)
    {
        var attributes = ActivityFlowOptions.Get(options, tree, ActivityFlowOptions.EntryPointAttributes);
        var methods = ActivityFlowOptions.Get(options, tree, ActivityFlowOptions.EntryPointMethods);
        return _liveScopes.GetOrAdd((attributes, methods), key => new LiveActivityScope(Symbols, key.Attributes, MemberNameList.Parse(key.Methods)));
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// An analyzer that registers operation callbacks doing nothing. Twelve of them, on the operation kinds the ActivityFlow
/// rules register, give the analyzer driver's own cost for a set of that shape: the floor under ActivityFlow's fixed cost.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoopAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("NOOP001", "never reported", "never reported", "Benchmark", DiagnosticSeverity.Hidden, true);
    private readonly OperationKind[] _kinds;

    private NoopAnalyzer(params OperationKind[] kinds) => _kinds = kinds;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public static ImmutableArray<DiagnosticAnalyzer> LikeActivityFlow()
    {
        const OperationKind call = OperationKind.Invocation;
        return ImmutableArray.Create<DiagnosticAnalyzer>(
            new NoopAnalyzer(call), new NoopAnalyzer(call, OperationKind.ObjectCreation), new NoopAnalyzer(call), new NoopAnalyzer(call),
            new NoopAnalyzer(OperationKind.ObjectCreation, call, OperationKind.SimpleAssignment), new NoopAnalyzer(call), new NoopAnalyzer(call),
            new NoopAnalyzer(call), new NoopAnalyzer(OperationKind.SimpleAssignment),
            new NoopAnalyzer(OperationKind.VariableDeclarator, OperationKind.ExpressionStatement), new NoopAnalyzer(call), new NoopAnalyzer(call));
    }

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => start.RegisterOperationAction(_ => { }, _kinds));
    }
}

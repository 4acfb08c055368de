using ActivityFlow.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Analyzers.Plumbing;

/// <summary>
/// Base for ActivityFlow analyzers: concurrent, skips generated code, shares one <see cref="ActivityFlowModel"/> per
/// compilation with every other ActivityFlow analyzer, does nothing when System.Diagnostics.Activity is absent, and
/// skips test projects unless the user opts in (<see cref="TestProjects"/>).
/// </summary>
public abstract class ActivityAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var model = ActivityFlowModel.For(start.Compilation);
            if (model is not null)
            {
                OnCompilationStart(start, model);
            }
        });
    }

    internal abstract void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model);

    /// <summary>
    /// Registers an operation action that is guarded, skips expression trees and nameof, and in a test project runs only in
    /// files opted in through .editorconfig.
    /// </summary>
    internal void RegisterOperation(CompilationStartAnalysisContext context, ActivityFlowModel model, System.Action<OperationAnalysisContext> action, params OperationKind[] kinds)
    {
        var name = GetType().Name;
        context.RegisterOperationAction(
            GuardedActions.Guard(name, operationContext =>
            {
                if (!OperationSearch.IsInExpressionTreeOrNameof(operationContext.Operation)
                    && model.Analyzes(operationContext.Options, operationContext.Operation.Syntax.SyntaxTree))
                {
                    action(operationContext);
                }
            }),
            kinds);
    }
}

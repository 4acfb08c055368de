using System.Collections.Immutable;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX001: ThreadPool.UnsafeQueueUserWorkItem, ThreadPool.UnsafeRegisterWaitForSingleObject, Thread.UnsafeStart
/// and CancellationToken.UnsafeRegister run their work without the caller's ExecutionContext, so
/// Activity.Current is null there. Reported only when the work does traced work and the call is in a live Activity scope.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX001UnsafeDispatchLosesActivityAnalyzer : ActivityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnsafeDispatchLosesActivity);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model)
    {
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, ActivityFlowModel model)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.Name.StartsWith("Unsafe", System.StringComparison.Ordinal))
        {
            return;
        }

        var api = DispatchApis.Classify(invocation, model.Symbols);
        if (!DispatchApis.Has(api, DispatchTraits.DropsContext))
        {
            return;
        }

        // Infrastructure loops started with no request in sight (no live scope) have no caller's trace to lose.
        var work = DispatchApis.WorkOf(invocation, api, model.Symbols, context.CancellationToken);
        if (work is null || model.HandOffEvidence(context, invocation, work) is not { } evidence)
        {
            return;
        }

        context.ReportDiagnostic(DiagnosticLocations.Create(
            Descriptors.UnsafeDispatchLosesActivity, invocation.Syntax, work, DiagnosticLocations.DisplayName(method), evidence.LiveScope, "the work " + evidence.TracedWork));
    }
}

using System.Collections.Immutable;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX002: Task.Run, Task.Factory.StartNew, ThreadPool.QueueUserWorkItem/RegisterWaitForSingleObject,
/// Thread.Start and new Timer(..) capture no ExecutionContext while flow is suppressed, so the work starts
/// with Activity.Current == null. Reported when the work does traced work; for timers (usually suppressed on
/// purpose so ticks do not inherit a request) only when the callback relies on Activity.Current itself.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX002SuppressedFlowLosesActivityAnalyzer : ActivityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SuppressedFlowLosesActivity);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model) =>
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model), OperationKind.Invocation, OperationKind.ObjectCreation);

    private static void Analyze(OperationAnalysisContext context, ActivityFlowModel model)
    {
        var symbols = model.Symbols;
        var api = DispatchApis.Classify(context.Operation, symbols);
        var method = context.Operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };
        if (!DispatchApis.Has(api, DispatchTraits.CapturesContextWhenCalled) || method is null)
        {
            return;
        }

        // Most dispatches run with flow: asked first, it spares reading the work of every other one.
        var suppression = SuppressedFlow.FindActiveSuppression(context.Operation, symbols);
        if (suppression is null)
        {
            return;
        }

        // A loop started under SuppressFlow (a read loop, a poller, a reconnect loop) is detached on purpose: it must not
        // keep the caller's Activity for as long as it runs.
        var work = DispatchApis.WorkOf(context.Operation, api, symbols, context.CancellationToken);
        if (work is null || LongRunningWork.RunsALoop(work, symbols.Compilation, context.CancellationToken))
        {
            return;
        }

        var tracedWork = model.TracedWorkFor(context.Options, context.Operation.Syntax.SyntaxTree);
        string? reason;
        if (api == DispatchApi.ThreadingTimerCreation)
        {
            reason = tracedWork.UsesAmbientActivity(work, context.CancellationToken) ? "uses Activity.Current" : null;
        }
        else
        {
            reason = tracedWork.Explain(work, context.CancellationToken);
        }

        if (reason is null)
        {
            return;
        }

        // Suppressing flow where no trace is live (start-up, background loops) detaches nothing.
        var live = model.LiveScopeAt(context, context.Operation);
        if (live is null)
        {
            return;
        }

        var line = DiagnosticLocations.LineOf(suppression.Syntax);
        context.ReportDiagnostic(DiagnosticLocations.Create(
            Descriptors.SuppressedFlowLosesActivity, context.Operation.Syntax, work, DiagnosticLocations.DisplayName(method), line, live, "the work " + reason));
    }
}

using System.Collections.Immutable;
using ActivityFlow.Analyzers.Infrastructure;
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

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AnalysisSession session)
    {
        if (session.Symbols.ExecutionContext is null)
        {
            return;
        }

        RegisterOperation(context, operationContext => Analyze(operationContext, session), OperationKind.Invocation, OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, AnalysisSession session)
    {
        var symbols = session.Symbols;
        var (work, method, isTimer) = context.Operation switch
        {
            IInvocationOperation invocation => (FindWork(invocation, symbols, context.CancellationToken), invocation.TargetMethod, false),
            IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, symbols.ThreadingTimer) && creation.Constructor is not null =>
                (DispatchedWork.FromDelegate(DispatchedWork.FirstDelegateArgument(creation.Arguments)?.Value), creation.Constructor, true),
            _ => (null, null, false),
        };

        if (work is null || method is null)
        {
            return;
        }

        var suppression = SuppressedFlow.FindActiveSuppression(context.Operation, symbols);
        if (suppression is null)
        {
            return;
        }

        var tracedWork = session.TracedWorkFor(context.Options, context.Operation.Syntax.SyntaxTree);
        string? reason;
        if (isTimer)
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

        var line = suppression.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        context.ReportDiagnostic(DiagnosticLocations.Create(
            Descriptors.SuppressedFlowLosesActivity, context.Operation.Syntax, work, DiagnosticLocations.DisplayName(method), line, "the work " + reason));
    }

    private static DispatchedWork? FindWork(IInvocationOperation invocation, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Run" when KnownSymbols.Is(type, symbols.Task):
            case "StartNew" when KnownSymbols.Is(type, symbols.TaskFactory) || KnownSymbols.Is(type, symbols.TaskFactoryOfT):
            case "QueueUserWorkItem" when KnownSymbols.Is(type, symbols.ThreadPool):
            case "RegisterWaitForSingleObject" when KnownSymbols.Is(type, symbols.ThreadPool):
                return DispatchedWork.FromDelegate(DispatchedWork.FirstDelegateArgument(invocation)?.Value);

            case "Start" when KnownSymbols.Is(type, symbols.Thread):
                return DispatchedWork.FromThreadReceiver(invocation.Instance, symbols, cancellationToken);

            default:
                return null;
        }
    }
}

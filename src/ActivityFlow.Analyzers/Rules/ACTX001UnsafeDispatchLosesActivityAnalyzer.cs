using System.Collections.Immutable;
using ActivityFlow.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX001: ThreadPool.UnsafeQueueUserWorkItem, ThreadPool.UnsafeRegisterWaitForSingleObject, Thread.UnsafeStart
/// and CancellationToken.UnsafeRegister run their work without the caller's ExecutionContext, so
/// Activity.Current is null there. Reported only when the work does traced work.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX001UnsafeDispatchLosesActivityAnalyzer : ActivityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnsafeDispatchLosesActivity);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AnalysisSession session)
    {
        var symbols = session.Symbols;
        if (symbols.ThreadPool is null && symbols.Thread is null && symbols.CancellationToken is null)
        {
            return;
        }

        RegisterOperation(context, operationContext => Analyze(operationContext, session), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, AnalysisSession session)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.Name.StartsWith("Unsafe", System.StringComparison.Ordinal))
        {
            return;
        }

        var work = FindWork(invocation, session.Symbols, context.CancellationToken);
        if (work is null)
        {
            return;
        }

        var reason = session.TracedWorkFor(context.Options, invocation.Syntax.SyntaxTree).Explain(work, context.CancellationToken);
        if (reason is null)
        {
            return;
        }

        context.ReportDiagnostic(DiagnosticLocations.Create(
            Descriptors.UnsafeDispatchLosesActivity, invocation.Syntax, work, DiagnosticLocations.DisplayName(method), "the work " + reason));
    }

    private static DispatchedWork? FindWork(IInvocationOperation invocation, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "UnsafeQueueUserWorkItem" when KnownSymbols.Is(type, symbols.ThreadPool):
                var delegateArgument = DispatchedWork.FirstDelegateArgument(invocation);
                return delegateArgument is not null
                    ? DispatchedWork.FromDelegate(delegateArgument.Value)
                    : invocation.Arguments.Length > 0 ? DispatchedWork.FromWorkItem(invocation.Arguments[0].Value, symbols) : null;

            case "UnsafeRegisterWaitForSingleObject" when KnownSymbols.Is(type, symbols.ThreadPool):
            case "UnsafeRegister" when KnownSymbols.Is(type, symbols.CancellationToken):
                return DispatchedWork.FromDelegate(DispatchedWork.FirstDelegateArgument(invocation)?.Value);

            case "UnsafeStart" when KnownSymbols.Is(type, symbols.Thread):
                return DispatchedWork.FromThreadReceiver(invocation.Instance, symbols, cancellationToken);

            default:
                return null;
        }
    }
}

using System.Collections.Immutable;
using System.Threading;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX203: <c>SetParentId(..)</c> on an Activity that is already started: the runtime ignores it (it throws and
/// swallows an InvalidOperationException), so the Activity keeps the parent it had at Start. Reported for a call chained on
/// a start (<c>source.StartActivity("x")?.SetParentId(..)</c>), and for a local that was started at its declaration or
/// by a <c>Start()</c> call earlier in the same function.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX203ParentSetAfterStartAnalyzer : ActivityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.ParentSetAfterStart);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model) =>
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model.Symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!ActivityCalls.IsSetParentMethod(invocation.TargetMethod, symbols) || OperationSearch.HasErrors(invocation))
        {
            return;
        }

        var started = StartedActivity.Of(invocation, symbols, context.CancellationToken);
        if (started is null || KafkaConsume.Precedes(started.Start, symbols))
        {
            // Nothing proves it started first; or it processes a consumed Kafka message, which ACTX102 reports.
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ParentSetAfterStart,
            DiagnosticLocations.NameOf(invocation.Syntax),
            started.Name));
    }
}

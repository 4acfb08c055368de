using System.Collections.Immutable;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX003: callbacks that a library runs on its own thread, without the caller's ExecutionContext: the
/// Confluent.Kafka delivery handler of IProducer.Produce (also through a wrapper that passes its handler on) and the APIs listed in
/// activityflow.ACTX003.foreign_thread_callbacks. Reported when the callback does traced work and the call is in a live
/// Activity scope. ProducerBuilder/ConsumerBuilder handlers (error, log, statistics, partitions) are configured at
/// start-up and run outside any trace: nothing to lose there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX003ForeignThreadCallbackLosesActivityAnalyzer : ActivityAnalyzer
{
    private const string KafkaThread = "librdkafka's poll thread";
    private const string LibraryThread = "a library thread";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.ForeignThreadCallbackLosesActivity);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model) =>
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, ActivityFlowModel model)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var (argument, thread) = FindCallback(invocation, model, context);
        if (argument is null)
        {
            return;
        }

        var work = DispatchedWork.FromDelegate(argument.Value);
        if (work is null || model.HandOffEvidence(context, invocation, work) is not { } evidence)
        {
            return;
        }

        context.ReportDiagnostic(DiagnosticLocations.Create(
            Descriptors.ForeignThreadCallbackLosesActivity, invocation.Syntax, work, DiagnosticLocations.DisplayName(invocation.TargetMethod), thread, evidence.LiveScope, "it " + evidence.TracedWork));
    }

    private static (IArgumentOperation? Argument, string Thread) FindCallback(IInvocationOperation invocation, ActivityFlowModel model, OperationAnalysisContext context)
    {
        var symbols = model.Symbols;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;

        if (method.Name == "Produce" && KnownSymbols.IsOrInherits(type, symbols.KafkaProducer))
        {
            return (DispatchedWork.FirstDelegateArgument(invocation), KafkaThread);
        }

        var configured = model.ListOption(context.Options, invocation.Syntax.SyntaxTree, ActivityFlowOptions.ForeignThreadCallbacks);
        if (configured.Contains(method, out var parameter))
        {
            return (DispatchedWork.ConfiguredArgument(invocation, parameter), LibraryThread);
        }

        // A wrapper of the producer that passes its handler parameter on as the delivery handler.
        var forwarded = DispatchedWork.FirstDelegateArgument(invocation) is null || symbols.KafkaProducer is null
            ? null
            : model.Forwarding.ForwardedArgument(invocation, ForwardingSink.DeliveryHandler, (handler, _) => IsDeliveryHandler(handler, symbols), context.CancellationToken);
        return (forwarded, forwarded is null ? string.Empty : KafkaThread);
    }

    private static bool IsDeliveryHandler(IArgumentOperation argument, KnownSymbols symbols) =>
        argument.Parameter?.Type.TypeKind == TypeKind.Delegate
        && argument.Parent is IInvocationOperation { TargetMethod.Name: "Produce" } produce
        && KnownSymbols.IsOrInherits(produce.TargetMethod.ContainingType, symbols.KafkaProducer);
}

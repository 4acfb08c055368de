using System.Collections.Immutable;
using System.Threading;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX102: a message from Confluent.Kafka's <c>IConsumer.Consume(..)</c> processed under a new Activity whose parent
/// does not come from the message's headers. Reported on the first <c>StartActivity</c> after the consume (in scope of
/// its result, same function) that passes no parent, unless something in between already set the context (an Activity
/// started with an explicit parent, an <c>Activity.Current</c> assignment, a propagator <c>Extract</c>); and on a
/// <c>SetParentId</c> made after such an Activity started (which the runtime ignores).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX102ConsumedMessageLosesTraceContextAnalyzer : ActivityAnalyzer
{
    /// <summary>Property key: "start" (an Activity started without parent) or "setParent" (a parent set after the start).</summary>
    public const string ShapeProperty = "ActivityFlow.ACTX102.Shape";
    public const string StartShape = "start";
    public const string SetParentShape = "setParent";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.ConsumedMessageLosesTraceContext);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model) =>
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model.Symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name == "StartActivity" && KnownSymbols.Is(method.ContainingType, symbols.ActivitySource) && symbols.KafkaConsumer is not null)
        {
            AnalyzeStart(context, invocation, symbols);
        }
        else if (ActivityCalls.IsSetParentMethod(method, symbols) && symbols.KafkaConsumer is not null)
        {
            AnalyzeSetParent(context, invocation, symbols);
        }
    }

    private static void AnalyzeStart(OperationAnalysisContext context, IInvocationOperation start, KnownSymbols symbols)
    {
        // The consume must be in the start's own function (KafkaConsume looks there): a lambda runs at another time.
        if (ActivityCalls.HasExplicitParent(start) || OperationSearch.HasErrors(start))
        {
            return;
        }

        if (!IsConsumerKind(start)
            && ActivityFlowOptions.GetBool(context.Options, start.Syntax.SyntaxTree, ActivityFlowOptions.RequireConsumerKind, defaultValue: false))
        {
            return;
        }

        var result = KafkaConsume.ResultBefore(start, symbols);
        if (result is null || KafkaConsume.ContextSetBefore(start, symbols) || HasLaterSetParent(start, symbols, context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ConsumedMessageLosesTraceContext,
            DiagnosticLocations.NameOf(start.Syntax),
            ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, StartShape),
            result.Name,
            "starts without a parent, so it joins whatever Activity.Current is instead of the producer's trace"));
    }

    private static void AnalyzeSetParent(OperationAnalysisContext context, IInvocationOperation setParent, KnownSymbols symbols)
    {
        var started = OperationSearch.HasErrors(setParent) ? null : StartedActivity.Of(setParent, symbols, context.CancellationToken);
        var result = started is null ? null : KafkaConsume.ResultBefore(started.Start, symbols);
        if (result is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ConsumedMessageLosesTraceContext,
            DiagnosticLocations.NameOf(setParent.Syntax),
            ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, SetParentShape),
            result.Name,
            "gets its parent from SetParentId after it started, which the runtime ignores"));
    }

    private static bool IsConsumerKind(IInvocationOperation start)
    {
        foreach (var argument in start.Arguments)
        {
            if (argument.Parameter?.Name == "kind"
                && OperationSearch.Unwrap(argument.Value) is IFieldReferenceOperation { Field.Name: "Consumer" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The started Activity is kept in a local that gets SetParentId later: that call is reported instead.</summary>
    private static bool HasLaterSetParent(IInvocationOperation start, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        return OperationSearch.WithImplicitConversions(start).Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            && ActivityLocalUsage.Of(declarator.Symbol, declarator, symbols, cancellationToken).SetParents.Count > 0;
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX101: Confluent.Kafka <c>IProducer.Produce</c>/<c>ProduceAsync</c> in a live Activity scope whose message is
/// built in the same body and whose headers never receive the trace context: no propagator <c>Inject</c>, no
/// <c>traceparent</c> (or configured) header, and the message or its headers are not handed to any other method
/// that could add one. Messages from elsewhere (parameters, fields, factory methods) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX101KafkaMessageWithoutTraceContextAnalyzer : ActivityAnalyzer
{
    /// <summary>Property key: "local" when the message is a local built earlier, "inline" when it is created in the call.</summary>
    public const string MessageShapeProperty = "ActivityFlow.MessageShape";

    public const string DefaultTraceHeader = "traceparent";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.KafkaMessageWithoutTraceContext);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model)
    {
        // Asked only when a message argument is first seen: most compilations never pay for the lookups.
        var instrumented = new Lazy<bool>(() => UsesProducerInstrumentation(model.Symbols));
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model, instrumented), OperationKind.Invocation);
    }

    /// <summary>
    /// OpenTelemetry's Confluent.Kafka instrumentation (<c>InstrumentedProducerBuilder</c>) or
    /// Confluent.Kafka.Extensions.Diagnostics injects the trace context into every message its producers send; which
    /// producer a call uses is not visible here, so a project that references one is not judged.
    /// </summary>
    private static bool UsesProducerInstrumentation(KnownSymbols symbols) =>
        KnownSymbols.Get(symbols.Compilation, "Confluent.Kafka.InstrumentedProducerBuilder`2") is not null
        || KnownSymbols.Get(symbols.Compilation, "Confluent.Kafka.Extensions.Diagnostics.ProducerBuilderExtensions") is not null;

    private static void Analyze(OperationAnalysisContext context, ActivityFlowModel model, Lazy<bool> instrumented)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var symbols = model.Symbols;
        var argument = IsProduce(invocation, symbols)
            ? MessageArgument(invocation, symbols)
            : MessageArgument(invocation, symbols) is null
                ? null
                : model.Forwarding.ForwardedArgument(invocation, ForwardingSink.ProducedMessage, (message, _) => PassesMessageUntouched(message, symbols), context.CancellationToken);
        if (argument is null || instrumented.Value)
        {
            return;
        }

        var value = OperationSearch.Unwrap(argument.Value);
        var (creation, local, shape) = value switch
        {
            IObjectCreationOperation inline => (inline, null, "inline"),
            ILocalReferenceOperation reference => (OperationSearch.SingleAssignedValue(reference) as IObjectCreationOperation, reference.Local, "local"),
            _ => ((IObjectCreationOperation?)null, (ILocalSymbol?)null, string.Empty),
        };
        if (creation is null || !KnownSymbols.Is(creation.Type, symbols.KafkaMessage))
        {
            return;
        }

        var tree = invocation.Syntax.SyntaxTree;
        var headerNames = TraceHeaderNames(ActivityFlowOptions.Get(context.Options, tree, ActivityFlowOptions.TraceHeaderNames));
        if (!HeadersLackTraceContext(creation, local, invocation, headerNames, symbols))
        {
            return;
        }

        var live = model.LiveScopeAt(context, invocation);
        if (live is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.KafkaMessageWithoutTraceContext,
            DiagnosticLocations.NameOf(invocation.Syntax),
            new[] { argument.Value.Syntax.GetLocation() },
            ImmutableDictionary<string, string?>.Empty.Add(MessageShapeProperty, shape),
            DiagnosticLocations.DisplayName(method),
            live));
    }

    /// <summary>The identity read is part of the message's creation, or an argument of a call made on the message or its headers.</summary>
    private static bool IsWrittenInto(IOperation read, IObjectCreationOperation creation, ILocalSymbol? messageLocal, ILocalSymbol? headersLocal)
    {
        for (var current = read.Parent; current is not null and not IExpressionStatementOperation; current = current.Parent)
        {
            if (current == creation)
            {
                return true;
            }

            if (current is IInvocationOperation call && RootOf(call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null)) is ILocalReferenceOperation root
                && (SymbolEqualityComparer.Default.Equals(root.Local, messageLocal) || SymbolEqualityComparer.Default.Equals(root.Local, headersLocal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The start of a fluent chain (<c>message.Headers.Add(..).Add(..)</c>: <c>message</c>).</summary>
    private static IOperation? RootOf(IOperation? operation)
    {
        while (true)
        {
            operation = OperationSearch.Unwrap(operation);
            switch (operation)
            {
                case IInvocationOperation call:
                    operation = call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                    break;
                case IPropertyReferenceOperation { Instance: { } instance }:
                    operation = instance;
                    break;
                case IConditionalAccessOperation conditional:
                    operation = conditional.Operation;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static bool IsProduce(IInvocationOperation invocation, KnownSymbols symbols) =>
        invocation.TargetMethod.Name is "Produce" or "ProduceAsync" && KnownSymbols.IsOrInherits(invocation.TargetMethod.ContainingType, symbols.KafkaProducer);

    /// <summary>A wrapper that hands its message parameter to the producer without injecting or naming a trace header on the way.</summary>
    private static bool PassesMessageUntouched(IArgumentOperation argument, KnownSymbols symbols)
    {
        if (argument.Parent is not IInvocationOperation produce || !IsProduce(produce, symbols) || !KnownSymbols.Is(argument.Parameter?.Type, symbols.KafkaMessage))
        {
            return false;
        }

        var body = BodyIndex.Of(argument);
        return !body.InvokesMethodNamed("Inject") && !body.ContainsStringConstant(DefaultTraceHeader);
    }

    private static IArgumentOperation? MessageArgument(IInvocationOperation invocation, KnownSymbols symbols)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is INamedTypeSymbol { Name: "Message", Arity: 2 } type && KnownSymbols.Is(type, symbols.KafkaMessage))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// True only with evidence: the headers are absent or a <c>new Headers</c> without a trace header, and nothing in
    /// the body injects, names a trace header, reassigns the headers, or hands the message or headers to a method.
    /// </summary>
    private static bool HeadersLackTraceContext(
        IObjectCreationOperation creation, ILocalSymbol? messageLocal, IInvocationOperation produce, HashSet<string> headerNames, KnownSymbols symbols)
    {
        ILocalSymbol? headersLocal = null;
        if (creation.Initializer is not null)
        {
            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Headers" } } headers)
                {
                    switch (OperationSearch.Unwrap(headers.Value))
                    {
                        case IObjectCreationOperation headersCreation when KnownSymbols.Is(headersCreation.Type, symbols.KafkaHeaders):
                            break; // its collection initializer is checked with the rest of the body below
                        case ILocalReferenceOperation reference
                            when OperationSearch.SingleAssignedValue(reference) is IObjectCreationOperation assigned
                                && KnownSymbols.Is(assigned.Type, symbols.KafkaHeaders):
                            headersLocal = reference.Local;
                            break;
                        case ILiteralOperation or IDefaultValueOperation:
                            break;
                        default:
                            return false; // headers from elsewhere: they may carry the context
                    }
                }
            }
        }

        // An Inject, a trace header's name, or an Activity's id written into this message: the context is propagated by hand.
        var body = BodyIndex.Of(produce);
        if (body.InvokesMethodNamed("Inject") || headerNames.Any(body.ContainsStringConstant)
            || body.TraceIdentityReads.Any(read => IsWrittenInto(read, creation, messageLocal, headersLocal)))
        {
            return false;
        }

        foreach (var local in new[] { messageLocal, headersLocal })
        {
            foreach (var reference in local is null ? Array.Empty<ILocalReferenceOperation>() : body.ReferencesTo(local))
            {
                var use = OperationSearch.UseOf(reference);
                if (use.Parent is IArgumentOperation argument && argument.Parent != produce)
                {
                    return false; // handed to a method that may add the context
                }

                if (SymbolEqualityComparer.Default.Equals(local, messageLocal)
                    && use.Parent is IPropertyReferenceOperation { Property.Name: "Headers" } headers && headers.Instance == use
                    && headers.Parent is ISimpleAssignmentOperation assignment && assignment.Target == headers
                    && assignment.Value is not IObjectCreationOperation)
                {
                    return false; // headers from elsewhere
                }
            }
        }

        return true;
    }

    private static HashSet<string> TraceHeaderNames(string? configured)
    {
        var names = new HashSet<string>(ActivityFlowOptions.Entries(configured), StringComparer.OrdinalIgnoreCase) { DefaultTraceHeader };
        return names;
    }

}

using System;
using System.Collections.Immutable;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX301: OpenTelemetry's <c>TracerProviderBuilder.SetSampler(..)</c> given a sampler that decides without looking at
/// the parent (<c>TraceIdRatioBasedSampler</c>, <c>AlwaysOnSampler</c>, or a type listed in
/// <c>activityflow.ACTX301.non_parent_based_samplers</c>): as an instance, through a local assigned once, from a factory
/// lambda that returns it, or as the type argument of <c>SetSampler&lt;T&gt;()</c>. Only in an application that can
/// receive remote parents (an ASP.NET Core or gRPC service, a message consumer): where every span is a local root,
/// a bare sampler and its parent-based wrapper decide alike.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX301SamplerIgnoresParentAnalyzer : ActivityAnalyzer
{
    private static readonly string[] RemoteParentEntryTypes =
    {
        "Microsoft.AspNetCore.Http.HttpContext",
        "Grpc.Core.ServerCallContext",
        "Confluent.Kafka.IConsumer`2",
        "RabbitMQ.Client.IBasicConsumer",
        "RabbitMQ.Client.IAsyncBasicConsumer",
        "Azure.Messaging.ServiceBus.ServiceBusProcessor",
        "MassTransit.ConsumeContext",
        "NServiceBus.IMessageHandlerContext",
        "System.ServiceModel.OperationContext",
    };

    private static readonly SymbolDisplayFormat FullName = new(typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SamplerIgnoresParent);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model)
    {
        // Asked only at the first SetSampler call: most compilations never pay for the lookups.
        var receivesRemoteParents = new Lazy<bool>(() => ReceivesRemoteParents(model.Symbols));
        RegisterOperation(context, model, operationContext => Analyze(operationContext, model, receivesRemoteParents), OperationKind.Invocation);
    }

    /// <summary>The compilation references a server or consumer API through which requests or messages carry a parent in.</summary>
    private static bool ReceivesRemoteParents(KnownSymbols symbols)
    {
        foreach (var name in RemoteParentEntryTypes)
        {
            if (KnownSymbols.Get(symbols.Compilation, name) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static void Analyze(OperationAnalysisContext context, ActivityFlowModel model, Lazy<bool> receivesRemoteParents)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "SetSampler" || !KnownSymbols.Is(method.ContainingType, model.Symbols.TracerProviderBuilderExtensions)
            || OperationSearch.HasErrors(invocation) || !receivesRemoteParents.Value)
        {
            return;
        }

        var listed = model.ListOption(context.Options, invocation.Syntax.SyntaxTree, ActivityFlowOptions.NonParentBasedSamplers);
        if (method.IsGenericMethod)
        {
            var type = method.TypeArguments[0];
            if (IsIndependent(type, listed))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SamplerIgnoresParent, DiagnosticLocations.NameOf(invocation.Syntax), type.Name));
            }

            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal != 1)
            {
                continue;
            }

            var (reported, sampler) = FindSampler(argument.Value, context.CancellationToken);
            if (reported is not null && sampler is not null && IsIndependent(sampler, listed))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SamplerIgnoresParent, reported.Syntax.GetLocation(), sampler.Name));
            }
        }
    }

    /// <summary>The expression to report (and wrap) and the sampler type it creates; nulls when it is not known.</summary>
    private static (IOperation? Reported, ITypeSymbol? Sampler) FindSampler(IOperation value, System.Threading.CancellationToken cancellationToken)
    {
        value = OperationSearch.Unwrap(value)!;
        switch (value)
        {
            case IObjectCreationOperation creation:
                return (creation, creation.Type);

            case ILocalReferenceOperation local when OperationSearch.Unwrap(OperationSearch.SingleAssignedValue(local)) is IObjectCreationOperation creation:
                return (local, creation.Type);

            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Body.Operations.Length: 1 } factory }
                when factory.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
                    && OperationSearch.Unwrap(returned) is IObjectCreationOperation creation:
                return (creation, creation.Type);

            default:
                return (null, null);
        }
    }

    private static bool IsIndependent(ITypeSymbol type, MemberNameList listed)
    {
        var name = type.OriginalDefinition.ToDisplayString(FullName);
        return name is "OpenTelemetry.Trace.TraceIdRatioBasedSampler" or "OpenTelemetry.Trace.AlwaysOnSampler"
            || listed.ContainsType(name);
    }
}

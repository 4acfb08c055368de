using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>The APIs whose arguments wrappers forward: what a wrapper method passes its parameter on to.</summary>
internal enum ForwardingSink
{
    /// <summary>The delegate item of a queue write (ACTX006).</summary>
    QueueItem,

    /// <summary>The delivery handler of Confluent.Kafka's <c>IProducer.Produce</c> (ACTX003).</summary>
    DeliveryHandler,

    /// <summary>The message of <c>IProducer.Produce</c>/<c>ProduceAsync</c>, passed on untouched (ACTX101).</summary>
    ProducedMessage,
}

/// <summary>
/// Wrappers in this compilation: methods (or the implementations of an interface or abstract method) that hand one of
/// their parameters straight to an API a rule watches (a queue, a producer), so that a call of the wrapper is judged as
/// a call of that API. Judged once per method and sink.
/// </summary>
internal sealed class Forwarding
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<(IMethodSymbol Method, ForwardingSink Sink), ImmutableArray<int>> _forwarded = new(MethodSinkComparer.Instance);

    public Forwarding(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// The argument of <paramref name="invocation"/> that its (source) target forwards to <paramref name="sink"/>, when the
    /// target's parameter reaches an argument that <paramref name="isSink"/> accepts; else null.
    /// </summary>
    public IArgumentOperation? ForwardedArgument(
        IInvocationOperation invocation, ForwardingSink sink, Func<IArgumentOperation, IMethodSymbol, bool> isSink, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        if (method.Parameters.Length == 0 || method.ContainingType.DeclaringSyntaxReferences.Length == 0)
        {
            return null;
        }

        var ordinals = _forwarded.GetOrAdd((method, sink), key => Find(key.Method, key.Sink, isSink, cancellationToken));
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not null && ordinals.Contains(argument.Parameter.Ordinal))
            {
                return argument;
            }
        }

        return null;
    }

    private ImmutableArray<int> Find(IMethodSymbol method, ForwardingSink sink, Func<IArgumentOperation, IMethodSymbol, bool> isSink, CancellationToken cancellationToken)
    {
        var ordinals = new HashSet<int>();
        foreach (var implementation in MethodBodies.Implementations(method, _compilation, cancellationToken))
        {
            if (!CallsByName(implementation, sink, cancellationToken))
            {
                continue;
            }

            var body = MethodBodies.Get(_compilation, implementation, cancellationToken);
            if (body is null)
            {
                continue;
            }

            foreach (var operation in body.Descendants())
            {
                if (operation is IArgumentOperation argument
                    && OperationSearch.Unwrap(argument.Value) is IParameterReferenceOperation parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, implementation)
                    && isSink(argument, implementation))
                {
                    ordinals.Add(parameter.Parameter.Ordinal);
                }
            }
        }

        return ordinals.Count == 0 ? ImmutableArray<int>.Empty : ImmutableArray.CreateRange(ordinals);
    }

    /// <summary>
    /// A syntax test before binding: a method forwards a parameter to a sink only if its body calls the sink by name with
    /// that parameter as an argument (binding a body costs far more than reading its syntax, and most methods that take
    /// a delegate are not wrappers).
    /// </summary>
    private static bool CallsByName(IMethodSymbol method, ForwardingSink sink, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation
                    && IsSinkName(sink, CallSites.InvokedName(invocation.Expression))
                    && PassesAParameter(invocation.ArgumentList, method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool PassesAParameter(ArgumentListSyntax arguments, IMethodSymbol method)
    {
        foreach (var argument in arguments.Arguments)
        {
            var expression = argument.Expression;
            while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                expression = expression is CastExpressionSyntax cast ? cast.Expression : ((ParenthesizedExpressionSyntax)expression).Expression;
            }

            if (expression is IdentifierNameSyntax name)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.Name == name.Identifier.ValueText)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The names the rules' sink tests accept (ACTX006's queue writes, ACTX003's and ACTX101's Produce calls).</summary>
    private static bool IsSinkName(ForwardingSink sink, string? name) => sink switch
    {
        ForwardingSink.QueueItem => name is "TryWrite" or "WriteAsync" or "Add" or "TryAdd" or "Enqueue",
        ForwardingSink.DeliveryHandler => name is "Produce",
        ForwardingSink.ProducedMessage => name is "Produce" or "ProduceAsync",
        _ => true,
    };

    private sealed class MethodSinkComparer : IEqualityComparer<(IMethodSymbol Method, ForwardingSink Sink)>
    {
        public static readonly MethodSinkComparer Instance = new();

        public bool Equals((IMethodSymbol Method, ForwardingSink Sink) x, (IMethodSymbol Method, ForwardingSink Sink) y) =>
            x.Sink == y.Sink && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

        public int GetHashCode((IMethodSymbol Method, ForwardingSink Sink) obj) =>
            (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31) + (int)obj.Sink;
    }
}

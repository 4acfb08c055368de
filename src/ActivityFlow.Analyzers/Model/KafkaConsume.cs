using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Finds the Confluent.Kafka message a piece of code processes: a <c>ConsumeResult</c> from <c>IConsumer.Consume(..)</c>
/// kept in a local, or given to the function as a parameter, and what sets the trace context after it. Each function body is walked once; the facts are kept
/// for as long as its operation tree lives.
/// </summary>
internal static class KafkaConsume
{
    private static readonly ConditionalWeakTable<IOperation, BodyFacts> Cache = new();

    /// <summary>
    /// The variable that holds a consumed message at <paramref name="operation"/>: a local assigned the result of an
    /// <c>IConsumer&lt;TKey, TValue&gt;.Consume(..)</c> called earlier in the same function, or a <c>ConsumeResult</c>
    /// parameter of the function (a handler the consume loop passes each message to); null when there is none.
    /// </summary>
    public static ISymbol? ResultBefore(IOperation operation, KnownSymbols symbols) => Find(operation, symbols)?.Variable;

    public static bool Precedes(IOperation operation, KnownSymbols symbols) => Find(operation, symbols) is not null;

    /// <summary>
    /// True when, between the consume that <paramref name="operation"/> follows and the operation itself, something sets the
    /// trace context: an Activity is started, <c>Activity.Current</c> is assigned, ActivityFlow's <c>ActivityScope.Enter</c> or a
    /// propagator's (or the application's own) <c>Extract</c> is called.
    /// </summary>
    public static bool ContextSetBefore(IOperation operation, KnownSymbols symbols)
    {
        var consume = Find(operation, symbols);
        if (consume is null)
        {
            return false;
        }

        var to = operation.Syntax.SpanStart;
        foreach (var position in FactsOf(operation, symbols).ContextSetters)
        {
            if (position > consume.Position && position < to)
            {
                return true;
            }
        }

        return false;
    }

    private static Consumed? Find(IOperation operation, KnownSymbols symbols)
    {
        if (symbols.KafkaConsumer is null)
        {
            return null;
        }

        Consumed? found = null;
        foreach (var consumed in FactsOf(operation, symbols).Results)
        {
            if (consumed.Position < operation.Syntax.SpanStart
                && consumed.Scope.SyntaxTree == operation.Syntax.SyntaxTree
                && consumed.Scope.Span.Contains(operation.Syntax.Span))
            {
                found = consumed;
            }
        }

        return found;
    }

    private static BodyFacts FactsOf(IOperation operation, KnownSymbols symbols) =>
        Cache.GetValue(Functions.OwnerOf(operation), owner => Collect(owner, symbols));

    private static BodyFacts Collect(IOperation owner, KnownSymbols symbols)
    {
        var facts = new BodyFacts();
        foreach (var parameter in ParametersOf(owner))
        {
            if (KnownSymbols.Is(parameter.Type, symbols.KafkaConsumeResult))
            {
                facts.Results.Add(new Consumed(owner.Syntax.SpanStart, parameter, owner.Syntax));
            }
        }

        foreach (var operation in owner.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "Consume" } consume
                    when KnownSymbols.IsOrInherits(consume.TargetMethod.ContainingType, symbols.KafkaConsumer)
                        && !Functions.IsInsideNested(consume, owner)
                        && !OperationSearch.HasErrors(consume):
                    var local = StoredIn(consume);
                    var scope = local is null ? null : ScopeOf(local);
                    if (local is not null && scope is not null)
                    {
                        facts.Results.Add(new Consumed(consume.Syntax.SpanStart, local, scope));
                    }

                    break;

                case IInvocationOperation invocation when SetsContext(invocation.TargetMethod, symbols):
                case ISimpleAssignmentOperation assignment when ActivityCalls.IsCurrent(assignment.Target, symbols):
                    facts.ContextSetters.Add(operation.Syntax.SpanStart);
                    break;
            }
        }

        facts.Results.Sort((x, y) => x.Position.CompareTo(y.Position));
        return facts;
    }

    private static System.Collections.Immutable.ImmutableArray<IParameterSymbol> ParametersOf(IOperation owner) => owner switch
    {
        IAnonymousFunctionOperation lambda => lambda.Symbol.Parameters,
        ILocalFunctionOperation local => local.Symbol.Parameters,
        IMethodBodyOperation when owner.SemanticModel?.GetDeclaredSymbol(owner.Syntax) is IMethodSymbol method => method.Parameters,
        _ => System.Collections.Immutable.ImmutableArray<IParameterSymbol>.Empty,
    };

    private static bool SetsContext(IMethodSymbol method, KnownSymbols symbols) => method.Name switch
    {
        "StartActivity" => KnownSymbols.Is(method.ContainingType, symbols.ActivitySource),
        "Enter" => ActivityCalls.IsScopeEnter(method, symbols),
        "Extract" => true, // a propagator (OpenTelemetry's or the application's own) reads the headers
        _ => false,
    };

    private static ILocalSymbol? StoredIn(IOperation consume)
    {
        var value = OperationSearch.WithImplicitConversions(consume);
        return value.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
            _ => null,
        };
    }

    /// <summary>The block (or switch section) that declares the local.</summary>
    private static SyntaxNode? ScopeOf(ILocalSymbol local)
    {
        if (local.DeclaringSyntaxReferences.Length == 0)
        {
            return null;
        }

        var declaration = local.DeclaringSyntaxReferences[0].GetSyntax();
        return (SyntaxNode?)declaration.FirstAncestorOrSelf<BlockSyntax>() ?? declaration.FirstAncestorOrSelf<SwitchSectionSyntax>();
    }

    private sealed class BodyFacts
    {
        public List<Consumed> Results { get; } = new();

        public List<int> ContextSetters { get; } = new();
    }

    private sealed class Consumed
    {
        public Consumed(int position, ISymbol variable, SyntaxNode scope)
        {
            Position = position;
            Variable = variable;
            Scope = scope;
        }

        public int Position { get; }

        /// <summary>The local or parameter that holds the consumed message.</summary>
        public ISymbol Variable { get; }

        public SyntaxNode Scope { get; }
    }
}

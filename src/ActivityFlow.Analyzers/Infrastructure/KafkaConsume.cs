using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Infrastructure;

/// <summary>Finds the Confluent.Kafka message a piece of code processes: a <c>ConsumeResult</c> from <c>IConsumer.Consume(..)</c>.</summary>
internal static class KafkaConsume
{
    /// <summary>
    /// The local that holds the result of an <c>IConsumer&lt;TKey, TValue&gt;.Consume(..)</c> called earlier in the same function,
    /// in scope at <paramref name="operation"/>; null when there is none.
    /// </summary>
    public static ILocalSymbol? ResultBefore(IOperation operation, KnownSymbols symbols)
    {
        if (symbols.KafkaConsumer is null)
        {
            return null;
        }

        var owner = ActivityLocalUsage.OwnerOf(operation);
        ILocalSymbol? found = null;
        foreach (var descendant in owner.Descendants())
        {
            if (descendant.Syntax.SpanStart < operation.Syntax.SpanStart
                && descendant is IInvocationOperation { TargetMethod.Name: "Consume" } consume
                && KnownSymbols.IsOrInherits(consume.TargetMethod.ContainingType, symbols.KafkaConsumer)
                && !OperationSearch.IsInsideNestedFunction(consume, owner)
                && !OperationSearch.HasErrors(consume)
                && StoredIn(consume) is { } local
                && IsInScope(local, operation))
            {
                found = local;
            }
        }

        return found;
    }

    public static bool Precedes(IOperation operation, KnownSymbols symbols) => ResultBefore(operation, symbols) is not null;

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

    private static bool IsInScope(ILocalSymbol local, IOperation operation)
    {
        if (local.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        var declaration = local.DeclaringSyntaxReferences[0].GetSyntax();
        var scope = (SyntaxNode?)declaration.FirstAncestorOrSelf<BlockSyntax>() ?? declaration.FirstAncestorOrSelf<SwitchSectionSyntax>();
        return scope is not null && scope.SyntaxTree == operation.Syntax.SyntaxTree && scope.Span.Contains(operation.Syntax.Span);
    }
}

using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>Small searches over the operation tree of the enclosing body.</summary>
internal static class OperationSearch
{
    /// <summary>The root of the member body (method, accessor, local function, top-level statements) that holds the operation.</summary>
    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>True when the operation sits in the finally clause of a try statement inside <paramref name="boundary"/>.</summary>
    public static bool IsInFinally(IOperation operation, IOperation boundary)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null && child != boundary; child = current, current = current.Parent)
        {
            if (current is ITryOperation @try && child == @try.Finally)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The operation together with the implicit conversions around it: what its parent actually uses.</summary>
    public static IOperation WithImplicitConversions(IOperation operation)
    {
        while (operation.Parent is IConversionOperation { IsImplicit: true })
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>True when the operation, or anything in it, did not bind: half-typed code proves nothing.</summary>
    public static bool HasErrors(IOperation operation)
    {
        foreach (var current in operation.DescendantsAndSelf())
        {
            if (current is IInvalidOperation || current.Type?.TypeKind == TypeKind.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The only value ever assigned to the local in its body, or null when there are several (or none).</summary>
    public static IOperation? SingleAssignedValue(ILocalReferenceOperation local)
    {
        var values = BodyIndex.Of(local).ValuesAssignedTo(local.Local);
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>True for a variable declared as the resource of a using statement or declaration.</summary>
    public static bool IsUsingResource(IVariableDeclaratorOperation declarator)
    {
        for (var current = declarator.Parent; current is IVariableDeclarationOperation or IVariableDeclarationGroupOperation; current = current.Parent)
        {
            if (current.Parent is IUsingOperation or IUsingDeclarationOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True inside an expression tree lambda (Expression&lt;T&gt;) or a nameof: nothing there runs.</summary>
    public static bool IsInExpressionTreeOrNameof(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation && current.Parent is IDelegateCreationOperation creation
                && creation.Type is INamedTypeSymbol { Name: "Expression", ContainingNamespace: { Name: "Expressions" } })
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation && current.Parent is IConversionOperation conversion
                && conversion.Type is INamedTypeSymbol { Name: "Expression" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The local, parameter, field or property a value is held in: a reference to one, the target of an assignment, or
    /// the variable a declaration initialises; null for anything else.
    /// </summary>
    public static ISymbol? HolderOf(IOperation? operation) => Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
        ISimpleAssignmentOperation assignment => HolderOf(assignment.Target),
        _ => null,
    };

    /// <summary>The operation that uses a value: the value with the conversions and parentheses around it (the inverse of <see cref="Unwrap"/>).</summary>
    public static IOperation UseOf(IOperation value)
    {
        while (value.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation or IConversionOperation { Conversion.IsIdentity: true })
        {
            value = value.Parent;
        }

        return value;
    }

    /// <summary>Looks through implicit and identity conversions and parentheses.</summary>
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation or IConversionOperation { Conversion.IsIdentity: true })
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        return operation;
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>Turns an expression body into the statement(s) that keep its meaning inside a block.</summary>
internal static class WorkBodyShape
{
    /// <summary>
    /// <c>expr</c> becomes <c>expr;</c> when the function returns nothing (void, or an async Task/ValueTask),
    /// else <c>return expr;</c>.
    /// </summary>
    public static StatementSyntax ToStatement(ExpressionSyntax expression, IMethodSymbol? function)
    {
        var returnsNothing = function is null
            || function.ReturnsVoid
            || (function.IsAsync && function.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
        return returnsNothing
            ? ExpressionStatement(expression)
            : ReturnStatement(expression);
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Recognises work that already takes care of its trace context: it re-attaches a captured Activity
/// (assigns Activity.Current, or enters ActivityFlow.ActivityScope), starts its activity from an explicit
/// parent context or links, or uses an Activity or ActivityContext captured from its caller (a handler that tags or
/// stops the caller's Activity, or hands the captured context on). The code fixes produce the first two, so fixed code
/// is not reported again.
/// </summary>
internal static class ExplicitContext
{
    public static bool IsHandled(IOperation body, KnownSymbols symbols)
    {
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment when ActivityCalls.IsCurrent(assignment.Target, symbols):
                    return true;

                case IInvocationOperation invocation when ActivityCalls.IsScopeEnter(invocation.TargetMethod, symbols)
                    || (ActivityCalls.IsSourceCreation(invocation.TargetMethod, symbols) && ActivityCalls.HasExplicitParent(invocation)):
                    return true;

                case ILocalReferenceOperation reference when IsCapturedContext(reference.Local, body, symbols):
                    return true;

                case IParameterReferenceOperation parameter when IsCapturedContext(parameter.Parameter, body, symbols):
                    return true;
            }
        }

        return false;
    }

    /// <summary>A local or parameter of the caller (declared outside the work) that holds an Activity or an ActivityContext.</summary>
    private static bool IsCapturedContext(ISymbol variable, IOperation body, KnownSymbols symbols)
    {
        var type = variable switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (!KnownSymbols.IsOrInherits(type, symbols.Activity) && !KnownSymbols.Is(type, symbols.ActivityContext))
        {
            return false;
        }

        foreach (var declaration in variable.DeclaringSyntaxReferences)
        {
            if (declaration.SyntaxTree == body.Syntax.SyntaxTree && body.Syntax.Span.Contains(declaration.Span))
            {
                return false;
            }
        }

        return variable.DeclaringSyntaxReferences.Length > 0;
    }
}

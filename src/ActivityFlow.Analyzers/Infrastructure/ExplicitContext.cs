using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Infrastructure;

/// <summary>
/// Recognises work that already takes care of its trace context: it re-attaches a captured Activity
/// (assigns Activity.Current, or enters ActivityFlow.ActivityScope), or starts its activity from an explicit
/// parent context or links. That is what the code fixes produce, so fixed code is not reported again.
/// </summary>
internal static class ExplicitContext
{
    public static bool IsHandled(IOperation body, KnownSymbols symbols)
    {
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target }
                    when target.Property.Name == "Current" && KnownSymbols.Is(target.Property.ContainingType, symbols.Activity):
                    return true;

                case IInvocationOperation invocation when IsScopeEnter(invocation, symbols) || StartsWithExplicitParent(invocation, symbols):
                    return true;
            }
        }

        return false;
    }

    private static bool IsScopeEnter(IInvocationOperation invocation, KnownSymbols symbols) =>
        invocation.TargetMethod.Name == "Enter" && KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.ActivityScope);

    private static bool StartsWithExplicitParent(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (!KnownSymbols.Is(method.ContainingType, symbols.ActivitySource) || (method.Name != "StartActivity" && method.Name != "CreateActivity"))
        {
            return false;
        }

        return ActivityCalls.HasExplicitParent(invocation);
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

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
                case ISimpleAssignmentOperation assignment when ActivityCalls.IsCurrent(assignment.Target, symbols):
                    return true;

                case IInvocationOperation invocation when ActivityCalls.IsScopeEnter(invocation.TargetMethod, symbols)
                    || (ActivityCalls.IsSourceCreation(invocation.TargetMethod, symbols) && ActivityCalls.HasExplicitParent(invocation)):
                    return true;
            }
        }

        return false;
    }
}

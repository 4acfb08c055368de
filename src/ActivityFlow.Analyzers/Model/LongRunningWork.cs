using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// Work that runs a loop (<c>while</c>, <c>do</c>, <c>for (;;)</c>, <c>await foreach</c>), in its own body or in a method
/// of this compilation it calls: a pump, a poller, a reconnect or health-check loop. Started from a live Activity
/// scope, such work keeps that Activity as its parent for as long as it runs.
/// </summary>
internal static class LongRunningWork
{
    public static bool RunsALoop(DispatchedWork work, Compilation compilation, CancellationToken cancellationToken)
    {
        var body = work.Body ?? (work.Method is null ? null : MethodBodies.Get(compilation, work.Method, cancellationToken));
        return body is not null && RunsALoop(body, compilation, followCalls: true, cancellationToken);
    }

    private static bool RunsALoop(IOperation body, Compilation compilation, bool followCalls, CancellationToken cancellationToken)
    {
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Functions.IsInsideNested(operation, body))
            {
                continue;
            }

            switch (operation)
            {
                case IWhileLoopOperation:
                case IForLoopOperation { Condition: null }:
                case IForEachLoopOperation { IsAsynchronous: true }:
                    return true;

                case IInvocationOperation invocation when followCalls
                    && MethodBodies.Get(compilation, invocation.TargetMethod, cancellationToken) is { } callee
                    && RunsALoop(callee, compilation, followCalls: false, cancellationToken):
                    return true;
            }
        }

        return false;
    }
}

using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// The Activity a member call is made on, when it is provably started before the call: the call is chained on a
/// start (<c>source.StartActivity("x")?.M()</c>), made on <c>Activity.Current</c> (set only by a start), or made on a
/// local that was started at its declaration or by a <c>Start()</c> statement earlier in a block that encloses the
/// call. Locals that are reassigned, or calls in a lambda that uses an outer local, prove nothing.
/// </summary>
internal sealed class StartedActivity
{
    private StartedActivity(IOperation start, IVariableDeclaratorOperation? declarator, string name)
    {
        Start = start;
        Declarator = declarator;
        Name = name;
    }

    /// <summary>The operation that started the Activity (the start call, or the conditional access holding it).</summary>
    public IOperation Start { get; }

    /// <summary>The local's declarator, when the Activity is a local.</summary>
    public IVariableDeclaratorOperation? Declarator { get; }

    /// <summary>For messages: <c>'activity'</c> or <c>the Activity from 'StartActivity'</c>.</summary>
    public string Name { get; }

    public static StartedActivity? Of(IInvocationOperation call, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        var instance = OperationSearch.Unwrap(ActivityCalls.ReceiverOf(call));
        if (instance is null)
        {
            return null;
        }

        if (ActivityCalls.IsStart(instance, symbols))
        {
            return new StartedActivity(instance, null, "the Activity from '" + StartName(instance) + "'");
        }

        // Activity.Current only ever holds a started, not yet stopped Activity.
        if (ActivityCalls.IsCurrent(instance, symbols))
        {
            return new StartedActivity(instance, null, "Activity.Current");
        }

        if (instance is not ILocalReferenceOperation reference)
        {
            return null;
        }

        var owner = Functions.OwnerOf(call);
        var declarator = BodyIndex.Of(call).DeclaratorOf(reference.Local);
        if (declarator is null || Functions.OwnerOf(declarator) != owner)
        {
            return null; // a local of an enclosing function, used in a lambda: it runs at another time
        }

        var value = declarator?.Initializer?.Value;
        if (declarator is null || value is null)
        {
            return null;
        }

        var usage = ActivityLocalUsage.Of(reference.Local, declarator, symbols, cancellationToken);
        if (usage.Reassigned)
        {
            return null;
        }

        var name = "'" + reference.Local.Name + "'";
        if (ActivityCalls.IsStart(value, symbols))
        {
            return new StartedActivity(OperationSearch.Unwrap(value)!, declarator, name);
        }

        if (!ActivityCalls.IsUnstartedCreation(value, symbols))
        {
            return null;
        }

        foreach (var start in usage.Starts)
        {
            if (start.Syntax.SpanStart < call.Syntax.SpanStart && StatementBlockOf(start)?.Syntax.Span.Contains(call.Syntax.Span) == true)
            {
                return new StartedActivity(start, declarator, name);
            }
        }

        return null;
    }

    private static string StartName(IOperation start) => start switch
    {
        IInvocationOperation invocation => invocation.TargetMethod.Name,
        IConditionalAccessOperation conditional => StartName(conditional.WhenNotNull),
        _ => "Start",
    };

    /// <summary>The block of the statement <c>a.Start();</c> (or <c>a?.Start();</c>); null when the start is part of something else.</summary>
    private static IBlockOperation? StatementBlockOf(IInvocationOperation start)
    {
        var statement = start.Parent is IConditionalAccessOperation conditional ? conditional.Parent : start.Parent;
        return statement is IExpressionStatementOperation { Parent: IBlockOperation block } ? block : null;
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// The Activities of one function (see <see cref="Functions"/>): where each is started and what holds it (a using, a
/// local, a field or property), where holders are stopped or disposed, what happens to each Activity local
/// (<see cref="ActivityLocalUsage"/>, from the references in <see cref="BodyIndex"/>), and the first read of <c>Activity.Current</c>. One walk per function, cached for
/// as long as its operation tree lives. The live Activity scope and ACTX202 both read these facts.
/// </summary>
internal sealed class ActivityLifetimes
{
    private static readonly ConditionalWeakTable<IOperation, ActivityLifetimes> Cache = new();

    private readonly List<Started> _started = new();
    private readonly List<(ISymbol Holder, int Position)> _stops = new();
    private readonly List<(ILocalSymbol Local, int Position)> _savedCurrent = new();
    private readonly Dictionary<ILocalSymbol, ActivityLocalUsage> _usages = new(SymbolEqualityComparer.Default);

    private ActivityLifetimes(IOperation owner) => Owner = owner;

    /// <summary>The function (lambda, local function, or member body root) these facts describe.</summary>
    public IOperation Owner { get; }

    /// <summary>The first read of <c>Activity.Current</c> that is not a fix's hand-off capture; null when there is none.</summary>
    public IOperation? FirstCurrentRead { get; private set; }

    /// <summary>The facts of the function that <paramref name="operation"/> runs in.</summary>
    public static ActivityLifetimes Of(IOperation operation, KnownSymbols symbols, CancellationToken cancellationToken) =>
        Cache.GetValue(Functions.OwnerOf(operation), owner => Collect(owner, symbols, cancellationToken));

    /// <summary>Why an Activity is running at <paramref name="position"/> ("the Activity started on line 12 is still running"), or null.</summary>
    public string? RunningAt(int position)
    {
        foreach (var started in _started)
        {
            if (position >= started.LiveFrom && position < started.LiveTo && !StoppedBetween(started.Holder, started.LiveFrom, position))
            {
                return "the Activity started on line " + started.Line.ToString(CultureInfo.InvariantCulture) + " is still running";
            }
        }

        return null;
    }

    /// <summary>True when an Activity is started in this function between the two positions.</summary>
    public bool StartedBetween(int from, int to)
    {
        foreach (var started in _started)
        {
            if (started.LiveFrom > from && started.LiveFrom <= to)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="holder"/> is stopped or disposed after <paramref name="position"/> in this function.</summary>
    public bool IsStoppedAfter(ISymbol holder, int position)
    {
        foreach (var (stopped, at) in _stops)
        {
            if (at > position && SymbolEqualityComparer.Default.Equals(stopped, holder))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The locals that save <c>Activity.Current</c> (<c>var previous = Activity.Current;</c>) before <paramref name="position"/>.</summary>
    public IEnumerable<ILocalSymbol> SavedCurrentBefore(int position)
    {
        foreach (var (local, at) in _savedCurrent)
        {
            if (at < position)
            {
                yield return local;
            }
        }
    }

    /// <summary>Everything this function does with one of its Activity locals.</summary>
    public ActivityLocalUsage UsageOf(ILocalSymbol local, KnownSymbols symbols)
    {
        lock (_usages)
        {
            if (!_usages.TryGetValue(local, out var usage))
            {
                usage = ActivityLocalUsage.Classify(Owner, BodyIndex.Of(Owner).ReferencesTo(local), symbols);
                _usages.Add(local, usage);
            }

            return usage;
        }
    }

    private bool StoppedBetween(ISymbol? holder, int from, int to)
    {
        if (holder is null)
        {
            return false;
        }

        foreach (var (stopped, at) in _stops)
        {
            if (at >= from && at < to && SymbolEqualityComparer.Default.Equals(stopped, holder))
            {
                return true;
            }
        }

        return false;
    }

    private static ActivityLifetimes Collect(IOperation owner, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        var facts = new ActivityLifetimes(owner);
        var body = Functions.BodyOf(owner);
        if (body is null)
        {
            return facts;
        }

        var bodyEnd = body.Syntax.Span.End;
        var stack = new Stack<IOperation>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var operation = stack.Pop();
            facts.Visit(operation, bodyEnd, symbols);
            foreach (var child in operation.ChildOperations)
            {
                // Nested functions are functions of their own: they run later, elsewhere.
                if (!Functions.IsNested(child))
                {
                    stack.Push(child);
                }
            }
        }

        return facts;
    }

    private void Visit(IOperation operation, int bodyEnd, KnownSymbols symbols)
    {
        switch (operation)
        {
            case IUsingOperation @using when HasActivityStart(@using.Resources, symbols):
                // using (source.StartActivity(..)) { … }: live in the body.
                AddStarted(@using.Body.Syntax.SpanStart, @using.Body.Syntax.Span.End, DeclaredLocal(@using.Resources), @using);
                break;

            case IUsingDeclarationOperation declaration when HasActivityStart(declaration.DeclarationGroup, symbols):
                // using var activity = source.StartActivity(..); live to the end of the enclosing block.
                var end = declaration.Parent is IBlockOperation block ? block.Syntax.Span.End : bodyEnd;
                AddStarted(declaration.Syntax.Span.End, end, DeclaredLocal(declaration.DeclarationGroup), declaration);
                break;

            case IVariableDeclaratorOperation declarator
                when declarator.Initializer is not null && !OperationSearch.IsUsingResource(declarator) && ActivityCalls.IsStart(declarator.Initializer.Value, symbols):
                // var activity = source.StartActivity(..); live until stopped or disposed (an Activity never stopped stays current).
                AddStarted(declarator.Syntax.Span.End, bodyEnd, declarator.Symbol, declarator);
                break;

            case ISimpleAssignmentOperation assignment when ActivityCalls.IsStart(assignment.Value, symbols):
                AddStarted(assignment.Syntax.Span.End, bodyEnd, OperationSearch.HolderOf(assignment.Target), assignment);
                break;

            case IExpressionStatementOperation statement when ActivityCalls.IsStart(statement.Operation, symbols):
                AddStarted(statement.Syntax.Span.End, bodyEnd, null, statement);
                break;

            case IInvocationOperation invocation when ActivityCalls.IsStopMethod(invocation.TargetMethod, symbols):
                if (OperationSearch.HolderOf(ActivityCalls.ReceiverOf(invocation)) is { } holder)
                {
                    _stops.Add((holder, invocation.Syntax.SpanStart));
                }

                break;

            case IArgumentOperation argument when OperationSearch.HolderOf(argument.Value) is { } passed && ActivityCalls.StopsArgument(argument, symbols) is { } stopper:
                _stops.Add((passed, stopper.Syntax.SpanStart));
                break;

            case IPropertyReferenceOperation when ActivityCalls.IsCurrentRead(operation, symbols):
                if (OperationSearch.UseOf(operation).Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation saved })
                {
                    _savedCurrent.Add((saved.Symbol, operation.Syntax.SpanStart));
                }

                if (FirstCurrentRead is null && !ContextCapture.IsHandOffCapture(operation, symbols))
                {
                    FirstCurrentRead = operation;
                }

                break;
        }
    }

    private void AddStarted(int from, int to, ISymbol? holder, IOperation at) =>
        _started.Add(new Started(from, to, holder, DiagnosticLocations.LineOf(at.Syntax)));

    private static bool HasActivityStart(IOperation? resources, KnownSymbols symbols)
    {
        if (resources is IVariableDeclarationGroupOperation group)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    if (ActivityCalls.IsStart(declarator.Initializer?.Value ?? declaration.Initializer?.Value, symbols))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        return ActivityCalls.IsStart(resources, symbols);
    }

    private static ISymbol? DeclaredLocal(IOperation? resources) =>
        resources is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group && group.Declarations[0].Declarators.Length == 1
            ? group.Declarations[0].Declarators[0].Symbol
            : null;

    /// <summary>An Activity that is live from <c>LiveFrom</c> to <c>LiveTo</c> (source positions) unless its holder is stopped first.</summary>
    private readonly struct Started
    {
        public Started(int liveFrom, int liveTo, ISymbol? holder, int line)
        {
            LiveFrom = liveFrom;
            LiveTo = liveTo;
            Holder = holder;
            Line = line;
        }

        public int LiveFrom { get; }

        public int LiveTo { get; }

        public ISymbol? Holder { get; }

        public int Line { get; }
    }
}

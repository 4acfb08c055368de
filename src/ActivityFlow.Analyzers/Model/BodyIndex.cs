using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>
/// An index of one member body (the root of an operation tree, nested functions included), built in one walk the first
/// time a rule asks and cached while the tree lives: every reference to and value assigned to each local, the string
/// constants (literals and const fields), the names of the methods invoked, and the event subscriptions. Rules ask
/// these questions once per call site; walking the body each time would cost the square of a large method's size.
/// </summary>
internal sealed class BodyIndex
{
    private static readonly ConditionalWeakTable<IOperation, BodyIndex> Cache = new();
    private static readonly IReadOnlyList<ILocalReferenceOperation> NoReferences = new ILocalReferenceOperation[0];
    private static readonly IReadOnlyList<IOperation> NoValues = new IOperation[0];

    private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _references = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, List<IOperation>> _assignedValues = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, IVariableDeclaratorOperation> _declarators = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _stringConstants = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _invokedNames = new();
    private readonly List<IOperation> _traceIdentityReads = new();
    private readonly List<IEventAssignmentOperation> _eventSubscriptions = new();

    private BodyIndex()
    {
    }

    /// <summary>The index of the member body that holds <paramref name="operation"/>.</summary>
    public static BodyIndex Of(IOperation operation) => Cache.GetValue(OperationSearch.Root(operation), Build);

    public IReadOnlyList<ILocalReferenceOperation> ReferencesTo(ILocalSymbol local) =>
        _references.TryGetValue(local, out var references) ? references : NoReferences;

    /// <summary>The values a local is given: its initializer and every simple assignment to it.</summary>
    public IReadOnlyList<IOperation> ValuesAssignedTo(ILocalSymbol local) =>
        _assignedValues.TryGetValue(local, out var values) ? values : NoValues;

    public IVariableDeclaratorOperation? DeclaratorOf(ILocalSymbol local) =>
        _declarators.TryGetValue(local, out var declarator) ? declarator : null;

    /// <summary>True when the body uses this string constant, as a literal or a const field (compared ignoring case).</summary>
    public bool ContainsStringConstant(string text) => _stringConstants.Contains(text);

    public bool InvokesMethodNamed(string name) => _invokedNames.Contains(name);

    public IReadOnlyList<IEventAssignmentOperation> EventSubscriptions => _eventSubscriptions;

    /// <summary>
    /// The reads of an Activity's or ActivityContext's identity (<c>Id</c>, <c>TraceId</c>, <c>SpanId</c>,
    /// <c>TraceStateString</c>): the makings of trace context propagated by hand.
    /// </summary>
    public IReadOnlyList<IOperation> TraceIdentityReads => _traceIdentityReads;

    private static BodyIndex Build(IOperation root)
    {
        var index = new BodyIndex();
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalReferenceOperation reference:
                    Add(index._references, reference.Local, reference);
                    break;
                case IVariableDeclaratorOperation declarator:
                    index._declarators[declarator.Symbol] = declarator;
                    if (declarator.Initializer is { } initializer)
                    {
                        Add(index._assignedValues, declarator.Symbol, initializer.Value);
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Add(index._assignedValues, target.Local, assignment.Value);
                    break;
                case ILiteralOperation or IFieldReferenceOperation { Field.IsConst: true } when operation.ConstantValue is { HasValue: true, Value: string text }:
                    index._stringConstants.Add(text);
                    break;
                case IInvocationOperation invocation:
                    index._invokedNames.Add(invocation.TargetMethod.Name);
                    break;
                case IEventAssignmentOperation subscription:
                    index._eventSubscriptions.Add(subscription);
                    break;
                case IPropertyReferenceOperation { Property: { Name: "Id" or "TraceId" or "SpanId" or "TraceStateString" } property }
                    when property.ContainingType is { Name: "Activity" or "ActivityContext", ContainingNamespace.Name: "Diagnostics" }:
                    index._traceIdentityReads.Add(operation);
                    break;
            }
        }

        return index;
    }

    private static void Add<T>(Dictionary<ILocalSymbol, List<T>> map, ILocalSymbol local, T item)
    {
        if (!map.TryGetValue(local, out var list))
        {
            list = new List<T>();
            map.Add(local, list);
        }

        list.Add(item);
    }
}

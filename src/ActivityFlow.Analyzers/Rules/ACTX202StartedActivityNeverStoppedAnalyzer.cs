using System.Collections.Immutable;
using System.Threading;
using ActivityFlow.Analyzers.Model;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Rules;

/// <summary>
/// ACTX202: an Activity that is started (<c>StartActivity</c>, <c>Start()</c>) and not stopped or disposed on every
/// path. Reported for a local that is never stopped, that a return/throw leaves running, or (option) that an
/// exception between start and stop leaves running; and for a started Activity whose result is discarded.
/// A local that escapes (returned, stored, passed on, captured, reassigned) is never reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ACTX202StartedActivityNeverStoppedAnalyzer : ActivityAnalyzer
{
    /// <summary>Property key: "declaration" (a local to turn into a using declaration), "discarded" (a result to keep) or "handedOn" (no fix).</summary>
    public const string ShapeProperty = "ActivityFlow.ACTX202.Shape";
    public const string DeclarationShape = "declaration";
    public const string DiscardedShape = "discarded";

    /// <summary>A local that is handed on (to a delivery handler, a field) but left running on one path: reported without a fix.</summary>
    public const string HandedOnShape = "handedOn";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.StartedActivityNeverStopped);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, ActivityFlowModel model)
    {
        RegisterOperation(context, model, operationContext => AnalyzeDeclarator(operationContext, model), OperationKind.VariableDeclarator);
        RegisterOperation(context, model, operationContext => AnalyzeStatement(operationContext, model), OperationKind.ExpressionStatement);
    }

    private static void AnalyzeDeclarator(OperationAnalysisContext context, ActivityFlowModel model)
    {
        var symbols = model.Symbols;
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var value = declarator.Initializer?.Value;
        if (value is null || OperationSearch.HasErrors(value) || declarator.Symbol.IsRef || !KnownSymbols.IsOrInherits(declarator.Symbol.Type, symbols.Activity) || OperationSearch.IsUsingResource(declarator))
        {
            return;
        }

        var startedAtDeclaration = ActivityCalls.IsStart(value, symbols);
        if (!startedAtDeclaration && !ActivityCalls.IsUnstartedCreation(value, symbols))
        {
            return;
        }

        var usage = ActivityLocalUsage.Of(declarator.Symbol, declarator, symbols, context.CancellationToken);
        if (usage.Reassigned || (!startedAtDeclaration && usage.Starts.Count == 0))
        {
            return;
        }

        var reason = usage switch
        {
            { Captured: true, CapturedOnlyToAnnotate: false, Escapes: false } => StoppedOnlyInDeliveryHandler(usage, symbols),
            { Captured: true, CapturedOnlyToAnnotate: false } => null,
            { Escapes: true } => LeftRunningBeforeHandOff(declarator, usage),
            { Stops.Count: > 0 } => FindUnstoppedPath(declarator, usage, symbols, ReportExceptionPaths(context), context.CancellationToken),
            _ => LeftAsCurrentForAnotherMethod(context, model) ? null : "is never stopped or disposed",
        };
        if (reason is null || declarator.Syntax is not VariableDeclaratorSyntax syntax)
        {
            return;
        }

        // A using declaration would end an Activity that is handed on (to a callback, a field) too early: no fix then.
        var shape = (usage.Captured && !usage.CapturedOnlyToAnnotate) || usage.Escapes ? HandedOnShape : DeclarationShape;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.StartedActivityNeverStopped,
            syntax.Identifier.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, shape),
            "'" + declarator.Symbol.Name + "'",
            reason));
    }

    private static void AnalyzeStatement(OperationAnalysisContext context, ActivityFlowModel model)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        var expression = statement.Operation is ISimpleAssignmentOperation { Target: IDiscardOperation } discard ? discard.Value : statement.Operation;
        var start = DiscardedStart(expression, model.Symbols);
        if (start is null || OperationSearch.HasErrors(statement) || LeftAsCurrentForAnotherMethod(context, model))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.StartedActivityNeverStopped,
            DiagnosticLocations.NameOf(start.Syntax),
            ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, DiscardedShape),
            "started by '" + start.TargetMethod.Name + "'",
            "is discarded, so it is never stopped or disposed"));
    }

    /// <summary>
    /// The local is handed on (stored, passed, returned) further down, but a <c>return</c> before that leaves it running:
    /// the hand-off never happens on that path. Returns that run only when it is null, or that follow a stop, prove
    /// nothing; neither does any stop in a finally block.
    /// </summary>
    private static string? LeftRunningBeforeHandOff(IVariableDeclaratorOperation declarator, ActivityLocalUsage usage)
    {
        if (usage.FirstEscape is not { } handOff)
        {
            return null;
        }

        var from = declarator.Syntax.Span.End;
        var to = handOff.Syntax.SpanStart;
        foreach (var stop in usage.Stops)
        {
            if (stop.Syntax.SpanStart < to || OperationSearch.IsInFinally(stop, usage.Owner))
            {
                return null;
            }
        }

        foreach (var operation in usage.Owner.Descendants())
        {
            if (operation is IReturnOperation { Kind: OperationKind.Return } @return
                && @return.Syntax.SpanStart > from && @return.Syntax.Span.End <= to
                && !Functions.IsInsideNested(@return, usage.Owner)
                && !OnlyWhenNull(@return, declarator.Symbol, usage.Owner))
            {
                return "is left running by the return on line " + DiagnosticLocations.LineOf(@return.Syntax) + ", before it is handed on";
            }
        }

        return null;
    }

    /// <summary>
    /// All its stops are in one callback that the producer runs when the message is delivered: when <c>Produce</c> throws
    /// (queue full, bad configuration) that callback never runs, and the Activity stays running and current.
    /// </summary>
    private static string? StoppedOnlyInDeliveryHandler(ActivityLocalUsage usage, KnownSymbols symbols)
    {
        if (usage.Stops.Count > 0 || usage.CapturedStops == 0 || usage.CapturedIn.Count == 0 || usage.CapturedIn[0] is not IAnonymousFunctionOperation handler)
        {
            return null;
        }

        foreach (var function in usage.CapturedIn)
        {
            if (function != handler)
            {
                return null;
            }
        }

        var produce = ProduceGiven(handler, symbols);
        return produce is null || IsInsideTry(produce, usage.Owner)
            ? null
            : "is stopped only in the delivery handler of '" + produce.TargetMethod.Name + "', which never runs when it throws";
    }

    /// <summary>The <c>IProducer.Produce</c> call that receives the lambda as its delivery handler, directly or through a local.</summary>
    private static IInvocationOperation? ProduceGiven(IAnonymousFunctionOperation handler, KnownSymbols symbols)
    {
        IOperation current = handler;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation or IConditionalOperation or ICoalesceOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation local })
        {
            foreach (var reference in BodyIndex.Of(handler).ReferencesTo(local.Symbol))
            {
                if (DeliveryHandlerOf(OperationSearch.UseOf(reference).Parent, symbols) is { } produce)
                {
                    return produce;
                }
            }

            return null;
        }

        return DeliveryHandlerOf(current.Parent, symbols);
    }

    private static IInvocationOperation? DeliveryHandlerOf(IOperation? argument, KnownSymbols symbols) =>
        argument is IArgumentOperation { Parameter.Type.TypeKind: TypeKind.Delegate, Parent: IInvocationOperation { TargetMethod.Name: "Produce" } produce }
            && KnownSymbols.IsOrInherits(produce.TargetMethod.ContainingType, symbols.KafkaProducer)
            ? produce
            : null;

    private static bool IsInsideTry(IOperation operation, IOperation owner)
    {
        for (var current = operation.Parent; current is not null && current != owner; current = current.Parent)
        {
            if (current is ITryOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An Activity started here and neither stopped nor stored stays Activity.Current; a type that stops Activity.Current
    /// in another method (a DiagnosticListener's "after" event, an observer's end callback) hands it on that way.
    /// </summary>
    private static bool LeftAsCurrentForAnotherMethod(OperationAnalysisContext context, ActivityFlowModel model) =>
        context.ContainingSymbol.ContainingType is { } type && model.StopsCurrentActivity(type, context.CancellationToken);

    /// <summary>
    /// The start call of a statement that starts an Activity and drops it: the call itself, or a fluent chain on it
    /// (<c>source.StartActivity("x")?.SetTag(..)</c>) that returns the Activity and never stops it.
    /// </summary>
    private static IInvocationOperation? DiscardedStart(IOperation? expression, KnownSymbols symbols)
    {
        expression = OperationSearch.Unwrap(expression);
        switch (expression)
        {
            case IInvocationOperation invocation when ActivityCalls.IsStartMethod(invocation.TargetMethod, symbols):
                // a.Start() on a local is the local's business; StartActivity, or Start() on a fresh activity, is dropped.
                return invocation.TargetMethod.Name == "StartActivity" || invocation.Instance is IObjectCreationOperation or IInvocationOperation
                    ? invocation
                    : null;

            case IInvocationOperation fluent when IsFluentSetter(fluent, symbols):
                return DiscardedStart(fluent.Instance, symbols);

            case IConditionalAccessOperation conditional when IsFluentChain(conditional.WhenNotNull, symbols):
                return DiscardedStart(conditional.Operation, symbols);

            default:
                return null;
        }
    }

    private static bool IsFluentChain(IOperation operation, KnownSymbols symbols) => operation switch
    {
        IInvocationOperation { Instance: IConditionalAccessInstanceOperation } invocation => IsFluentSetter(invocation, symbols),
        IInvocationOperation invocation => IsFluentSetter(invocation, symbols) && invocation.Instance is not null && IsFluentChain(invocation.Instance, symbols),
        IConditionalAccessOperation nested => IsFluentChain(nested.Operation, symbols) && IsFluentChain(nested.WhenNotNull, symbols),
        _ => false,
    };

    /// <summary>An Activity instance method that returns the same Activity (SetTag, AddEvent, SetStatus, ...).</summary>
    private static bool IsFluentSetter(IInvocationOperation invocation, KnownSymbols symbols) =>
        !invocation.TargetMethod.IsStatic
        && KnownSymbols.IsOrInherits(invocation.TargetMethod.ContainingType, symbols.Activity)
        && KnownSymbols.IsOrInherits(invocation.TargetMethod.ReturnType, symbols.Activity)
        && !ActivityCalls.IsStopMethod(invocation.TargetMethod, symbols)
        && !ActivityCalls.IsStartMethod(invocation.TargetMethod, symbols);

    private static bool ReportExceptionPaths(OperationAnalysisContext context) =>
        ActivityFlowOptions.GetBool(context.Options, context.Operation.Syntax.SyntaxTree, ActivityFlowOptions.ActivityNeverStoppedExceptionPaths, defaultValue: true);

    /// <summary>
    /// With stops present: proves a path that leaves the activity running, or returns null. Only the clear shape is
    /// judged: the declaration and a stop statement in the same block, with nothing between them that stops it too.
    /// A stop in a finally clause or a using statement counts as stopped on every path.
    /// </summary>
    private static string? FindUnstoppedPath(IVariableDeclaratorOperation declarator, ActivityLocalUsage usage, KnownSymbols symbols, bool reportExceptions, CancellationToken cancellationToken)
    {
        foreach (var stop in usage.Stops)
        {
            if (stop is ILocalReferenceOperation || OperationSearch.IsInFinally(stop, usage.Owner))
            {
                return null;
            }
        }

        var declarationStatement = StatementIn(declarator, out var block);
        if (declarationStatement is null || block is null)
        {
            return null;
        }

        var start = block.Operations.IndexOf(declarationStatement);
        var stopIndex = -1;
        for (var i = start + 1; i < block.Operations.Length && stopIndex < 0; i++)
        {
            if (ContainsAny(block.Operations[i], usage.Stops))
            {
                stopIndex = IsStopStatement(block.Operations[i], usage) ? i : int.MaxValue;
            }
        }

        if (stopIndex < 0 || stopIndex == int.MaxValue)
        {
            return null;
        }

        string? mayThrow = null;
        for (var i = start + 1; i < stopIndex; i++)
        {
            foreach (var operation in block.Operations[i].DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Functions.IsInsideNested(operation, block.Operations[i]) || operation is IAnonymousFunctionOperation or ILocalFunctionOperation
                    || OnlyWhenNull(operation, declarator.Symbol, block.Operations[i]))
                {
                    continue;
                }

                switch (operation)
                {
                    case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak }:
                        return "is left running by the return on line " + DiagnosticLocations.LineOf(operation.Syntax);
                    case IThrowOperation when !IsCaughtWithin(operation, block.Operations[i]):
                        return "is left running by the throw on line " + DiagnosticLocations.LineOf(operation.Syntax);
                    case IBranchOperation branch when branch.BranchKind == BranchKind.GoTo:
                        return null;
                    case IBranchOperation branch when LeavesStatement(branch, block.Operations[i]):
                        return "is left running by the " + (branch.BranchKind == BranchKind.Break ? "break" : "continue") + " on line " + DiagnosticLocations.LineOf(operation.Syntax);
                    case IInvocationOperation invocation when mayThrow is null && !IsActivityAnnotation(invocation, symbols) && !IsCaughtWithin(operation, block.Operations[i]):
                        mayThrow = "'" + invocation.TargetMethod.Name + "' on line " + DiagnosticLocations.LineOf(operation.Syntax);
                        break;
                    case IAwaitOperation when mayThrow is null && !IsCaughtWithin(operation, block.Operations[i]):
                        mayThrow = "the await on line " + DiagnosticLocations.LineOf(operation.Syntax);
                        break;
                }
            }
        }

        return mayThrow is not null && reportExceptions
            ? "is left running when " + mayThrow + " throws (the stop is not in a finally block)"
            : null;
    }

    private static IOperation? StatementIn(IOperation operation, out IBlockOperation? block)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IBlockOperation found)
            {
                block = found;
                return child;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }
        }

        block = null;
        return null;
    }

    private static bool ContainsAny(IOperation statement, System.Collections.Generic.List<IOperation> stops)
    {
        var span = statement.Syntax.Span;
        foreach (var stop in stops)
        {
            if (span.Contains(stop.Syntax.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>a.Stop();</c>, <c>a?.Dispose();</c>, or either guarded by <c>if (a != null)</c> / <c>if (a is not null)</c> with no else.</summary>
    private static bool IsStopStatement(IOperation statement, ActivityLocalUsage usage)
    {
        if (statement is IConditionalOperation { WhenFalse: null } conditional)
        {
            statement = conditional.WhenTrue is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : conditional.WhenTrue;
        }

        if (statement is not IExpressionStatementOperation expression)
        {
            return false;
        }

        var call = expression.Operation is IConditionalAccessOperation access ? access.WhenNotNull : expression.Operation;
        return usage.Stops.Contains(call);
    }

    /// <summary>Activity's own members (SetTag, AddEvent, ...) and telemetry extensions on it are not expected to throw.</summary>
    private static bool IsActivityAnnotation(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        return (!method.IsStatic && KnownSymbols.IsOrInherits(method.ContainingType, symbols.Activity))
            || (method.IsExtensionMethod && method.Parameters.Length > 0 && KnownSymbols.IsOrInherits(method.Parameters[0].Type, symbols.Activity));
    }

    /// <summary>
    /// True when the operation sits in the try block of a try statement (inside <paramref name="statement"/>) that catches
    /// every exception (<c>catch</c>, <c>catch (Exception)</c>, no filter): what it throws does not leave the statement.
    /// A rethrow in that handler is a throw of its own and is judged by itself.
    /// </summary>
    private static bool IsCaughtWithin(IOperation operation, IOperation statement)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null && child != statement; child = current, current = current.Parent)
        {
            if (current is ITryOperation @try && child == @try.Body)
            {
                foreach (var clause in @try.Catches)
                {
                    if (clause.Filter is null
                        && clause.ExceptionType is { } caught
                        && (caught.SpecialType == SpecialType.System_Object
                            || (caught.Name == "Exception" && caught.ContainingNamespace?.Name == "System" && caught.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True inside the branch that runs only when the local is null (<c>if (activity is null) return;</c>): there is no
    /// Activity to leave running on that path.
    /// </summary>
    private static bool OnlyWhenNull(IOperation operation, ILocalSymbol local, IOperation statement)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null && child != statement; child = current, current = current.Parent)
        {
            if (current is IConditionalOperation conditional
                && ((child == conditional.WhenTrue && TestsNull(conditional.Condition, local, isNull: true))
                    || (child == conditional.WhenFalse && TestsNull(conditional.Condition, local, isNull: false))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>local is null</c>, <c>local == null</c> (or, with <paramref name="isNull"/> false, <c>is not null</c>, <c>!= null</c>).</summary>
    private static bool TestsNull(IOperation condition, ILocalSymbol local, bool isNull)
    {
        switch (OperationSearch.Unwrap(condition))
        {
            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var constant } } pattern
                when IsNull(constant) && IsLocal(pattern.Value, local):
                return isNull;
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: var constant } } } pattern
                when IsNull(constant) && IsLocal(pattern.Value, local):
                return !isNull;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                when (IsNull(binary.RightOperand) && IsLocal(binary.LeftOperand, local)) || (IsNull(binary.LeftOperand) && IsLocal(binary.RightOperand, local)):
                return (binary.OperatorKind == BinaryOperatorKind.Equals) == isNull;
            default:
                return false;
        }
    }

    private static bool IsNull(IOperation operand) =>
        OperationSearch.Unwrap(operand) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

    private static bool IsLocal(IOperation operand, ILocalSymbol local) =>
        OperationSearch.Unwrap(operand) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    /// <summary>A break/continue leaves the statement unless a loop (or, for break, a switch) inside it catches it.</summary>
    private static bool LeavesStatement(IBranchOperation branch, IOperation statement)
    {
        if (branch.BranchKind is not (BranchKind.Break or BranchKind.Continue))
        {
            return false;
        }

        for (var current = branch.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation || (current is ISwitchOperation && branch.BranchKind == BranchKind.Break))
            {
                return false;
            }

            if (current == statement)
            {
                return true;
            }
        }

        return true;
    }

}

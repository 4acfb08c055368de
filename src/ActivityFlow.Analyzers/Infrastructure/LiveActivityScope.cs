using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Infrastructure;

/// <summary>
/// "Live Activity scope", the evidence ACTX004/005/006/101 need before they report: a call site is in a live
/// scope when, in its enclosing body (the innermost method, lambda or local function), an Activity was started
/// and is not yet stopped (a <c>using</c> of <c>StartActivity</c>/<c>CreateActivity(..).Start()</c>, or a local or
/// field holding a started Activity before it is stopped or disposed), or the body reads <c>Activity.Current</c>,
/// or the body is a request entry point (ASP.NET Core controller action, minimal API handler, middleware,
/// Razor Pages handler, SignalR hub method, or one configured in .editorconfig).
/// The facts of each body are computed once and cached.
/// </summary>
internal sealed class LiveActivityScope
{
    private readonly KnownSymbols _symbols;
    private readonly EntryPoints _entryPoints;
    private readonly ConditionalWeakTable<IOperation, BodyFacts> _bodies = new();

    public LiveActivityScope(KnownSymbols symbols, string? entryPointAttributes, MemberNameList entryPointMethods)
    {
        _symbols = symbols;
        _entryPoints = new EntryPoints(symbols, entryPointAttributes, entryPointMethods);
    }

    /// <summary>
    /// Why the call site runs inside a live Activity scope ("the Activity started on line 12 is still running"),
    /// or null when there is no evidence. <paramref name="containingSymbol"/> is the member that owns the operation tree.
    /// </summary>
    public string? Explain(IOperation callSite, ISymbol containingSymbol, CancellationToken cancellationToken)
    {
        var (function, body, symbol) = EnclosingFunction(callSite, containingSymbol);
        if (body is null)
        {
            return null;
        }

        if (!_bodies.TryGetValue(function, out var facts))
        {
            facts = BodyFacts.Compute(body, _symbols, cancellationToken);
            facts.EntryPoint = _entryPoints.Explain(function, symbol);
            facts = _bodies.GetValue(function, _ => facts);
        }

        return facts.Explain(callSite.Syntax.SpanStart);
    }

    /// <summary>The innermost function around the operation: a lambda, a local function, or the member body itself.</summary>
    private static (IOperation Function, IOperation? Body, ISymbol? Symbol) EnclosingFunction(IOperation operation, ISymbol containingSymbol)
    {
        var current = operation;
        while (true)
        {
            switch (current.Parent)
            {
                case IAnonymousFunctionOperation lambda:
                    return (lambda, lambda.Body, lambda.Symbol);
                case ILocalFunctionOperation local:
                    return (local, local.Body, local.Symbol);
                case null:
                    return (current, current, containingSymbol);
            }

            current = current.Parent;
        }
    }

    /// <summary>True for a read (not an assignment) of the static <c>Activity.Current</c>.</summary>
    public static bool IsActivityCurrentRead(IOperation operation, KnownSymbols symbols) =>
        ActivityCalls.IsCurrent(operation, symbols)
        && !(operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == operation);

    private static int LineOf(IOperation operation) =>
        operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>What one body says about live Activities: where started ones live, where they stop, Activity.Current reads.</summary>
    private sealed class BodyFacts
    {
        private readonly List<(int Start, int End, ISymbol? Holder, int Line)> _started = new();
        private readonly List<(ISymbol Holder, int Position)> _stops = new();
        private int _currentReadLine;

        public string? EntryPoint { get; set; }

        public static BodyFacts Compute(IOperation body, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            var facts = new BodyFacts();
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
                    // Nested functions are bodies of their own: they run later, elsewhere.
                    if (child is not IAnonymousFunctionOperation and not ILocalFunctionOperation)
                    {
                        stack.Push(child);
                    }
                }
            }

            return facts;
        }

        public string? Explain(int position)
        {
            foreach (var (start, end, holder, line) in _started)
            {
                if (position >= start && position < end && !StoppedBefore(holder, start, position))
                {
                    return "the Activity started on line " + line.ToString(CultureInfo.InvariantCulture) + " is still running";
                }
            }

            if (EntryPoint is not null)
            {
                return "it runs in " + EntryPoint;
            }

            return _currentReadLine > 0
                ? "the caller reads Activity.Current (line " + _currentReadLine.ToString(CultureInfo.InvariantCulture) + ")"
                : null;
        }

        private bool StoppedBefore(ISymbol? holder, int start, int position)
        {
            if (holder is null)
            {
                return false;
            }

            foreach (var (stopped, at) in _stops)
            {
                if (at >= start && at < position && SymbolEqualityComparer.Default.Equals(stopped, holder))
                {
                    return true;
                }
            }

            return false;
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
                    when declarator.Initializer is not null && !IsUnderUsing(declarator) && ActivityCalls.IsStart(declarator.Initializer.Value, symbols):
                    // var activity = source.StartActivity(..); live until stopped or disposed (an Activity never stopped stays current).
                    AddStarted(declarator.Syntax.Span.End, bodyEnd, declarator.Symbol, declarator);
                    break;

                case ISimpleAssignmentOperation assignment when ActivityCalls.IsStart(assignment.Value, symbols):
                    AddStarted(assignment.Syntax.Span.End, bodyEnd, HolderOf(assignment.Target), assignment);
                    break;

                case IExpressionStatementOperation statement when ActivityCalls.IsStart(statement.Operation, symbols):
                    AddStarted(statement.Syntax.Span.End, bodyEnd, null, statement);
                    break;

                case IInvocationOperation { TargetMethod.Name: "Stop" or "Dispose" } invocation
                    when KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.Activity):
                    var holder = HolderOf(ReceiverOf(invocation));
                    if (holder is not null)
                    {
                        _stops.Add((holder, invocation.Syntax.SpanStart));
                    }

                    break;

                case IPropertyReferenceOperation when _currentReadLine == 0 && IsActivityCurrentRead(operation, symbols)
                    && !ContextCapture.IsHandOffCapture(operation, symbols):
                    _currentReadLine = LineOf(operation);
                    break;
            }
        }

        private void AddStarted(int start, int end, ISymbol? holder, IOperation at) => _started.Add((start, end, holder, LineOf(at)));

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

        private static bool IsUnderUsing(IVariableDeclaratorOperation declarator) =>
            declarator.Parent?.Parent is IVariableDeclarationGroupOperation { Parent: IUsingOperation or IUsingDeclarationOperation };

        /// <summary>The receiver of <c>a.Stop()</c>, or of <c>a?.Stop()</c> (the conditional access's operand).</summary>
        private static IOperation? ReceiverOf(IInvocationOperation invocation)
        {
            if (invocation.Instance is not IConditionalAccessInstanceOperation)
            {
                return invocation.Instance;
            }

            for (var current = invocation.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalAccessOperation conditional)
                {
                    return conditional.Operation;
                }
            }

            return null;
        }

        private static ISymbol? HolderOf(IOperation? target) => OperationSearch.Unwrap(target) switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }

    /// <summary>Request entry points: ASP.NET Core ones, plus those configured through .editorconfig.</summary>
    private sealed class EntryPoints
    {
        private readonly KnownSymbols _symbols;
        private readonly HashSet<string> _attributes = new(StringComparer.Ordinal);
        private readonly MemberNameList _methods;

        public EntryPoints(KnownSymbols symbols, string? attributes, MemberNameList methods)
        {
            _symbols = symbols;
            _methods = methods;
            if (!string.IsNullOrWhiteSpace(attributes))
            {
                foreach (var raw in attributes!.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var name = raw.Trim();
                    if (name.Length > 0)
                    {
                        _attributes.Add(name.EndsWith("Attribute", StringComparison.Ordinal) ? name : name + "Attribute");
                    }
                }
            }
        }

        public string? Explain(IOperation function, ISymbol? symbol) => function switch
        {
            IAnonymousFunctionOperation lambda => ExplainLambda(lambda),
            ILocalFunctionOperation => null,
            _ => symbol is IMethodSymbol method ? ExplainMethod(method) : null,
        };

        private string? ExplainLambda(IAnonymousFunctionOperation lambda)
        {
            IOperation current = lambda;
            while (current.Parent is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            if (current.Parent is not IArgumentOperation { Parent: IInvocationOperation invocation })
            {
                return null;
            }

            var method = invocation.TargetMethod;
            var builder = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : invocation.Instance?.Type;
            if (method.Name.StartsWith("Map", StringComparison.Ordinal) && KnownSymbols.IsOrInherits(builder, _symbols.EndpointRouteBuilder))
            {
                return "a minimal API handler ('" + method.Name + "')";
            }

            if ((method.Name.StartsWith("Use", StringComparison.Ordinal) || method.Name.StartsWith("Map", StringComparison.Ordinal) || method.Name == "Run")
                && KnownSymbols.IsOrInherits(builder, _symbols.ApplicationBuilder)
                && HasHttpContextParameter(lambda.Symbol))
            {
                return "an ASP.NET Core middleware delegate ('" + method.Name + "')";
            }

            return null;
        }

        private string? ExplainMethod(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary)
            {
                return ExplainConfigured(method);
            }

            var type = method.ContainingType;
            var isPublicInstance = method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic && !method.IsAbstract;
            if (isPublicInstance && IsController(type) && !HasAttribute(method, _symbols.NonActionAttribute))
            {
                return "the ASP.NET Core controller action '" + method.Name + "'";
            }

            if (isPublicInstance && KnownSymbols.IsOrInherits(type, _symbols.PageModel) && IsPageHandlerName(method.Name))
            {
                return "the Razor Pages handler '" + method.Name + "'";
            }

            if (isPublicInstance && KnownSymbols.IsOrInherits(type, _symbols.SignalRHub) && method.Name != "Dispose")
            {
                return "the SignalR hub method '" + method.Name + "'";
            }

            if (IsInvokeMiddleware(method))
            {
                return "the ASP.NET Core middleware '" + type.Name + "." + method.Name + "'";
            }

            return ExplainConfigured(method);
        }

        private string? ExplainConfigured(IMethodSymbol method)
        {
            if (_attributes.Count > 0 && (HasConfiguredAttribute(method) || (method.DeclaredAccessibility == Accessibility.Public && HasConfiguredAttribute(method.ContainingType))))
            {
                return "the entry point '" + method.Name + "' (" + ActivityFlowOptions.EntryPointAttributes + ")";
            }

            if (!_methods.IsEmpty && IsConfiguredMethod(method))
            {
                return "the entry point '" + method.Name + "' (" + ActivityFlowOptions.EntryPointMethods + ")";
            }

            return null;
        }

        private bool IsController(INamedTypeSymbol? type)
        {
            if (type is null || type.IsAbstract || type.IsStatic || HasAttribute(type, _symbols.NonControllerAttribute))
            {
                return false;
            }

            if (KnownSymbols.IsOrInherits(type, _symbols.ControllerBase))
            {
                return true;
            }

            // MVC's convention for POCO controllers: a public, non-generic class named *Controller (in an MVC app).
            if (_symbols.ControllerBase is not null && type.DeclaredAccessibility == Accessibility.Public && !type.IsGenericType
                && type.TypeKind == TypeKind.Class && type.ContainingType is null && type.Name.EndsWith("Controller", StringComparison.Ordinal))
            {
                return true;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (HasAttribute(current, _symbols.ApiControllerAttribute) || HasAttribute(current, _symbols.ControllerAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsInvokeMiddleware(IMethodSymbol method) =>
            method.Name is "Invoke" or "InvokeAsync"
            && method.DeclaredAccessibility == Accessibility.Public
            && !method.IsStatic
            && method.Parameters.Length > 0
            && KnownSymbols.Is(method.Parameters[0].Type, _symbols.HttpContext);

        private bool HasHttpContextParameter(IMethodSymbol? lambda)
        {
            if (lambda is null)
            {
                return false;
            }

            foreach (var parameter in lambda.Parameters)
            {
                if (KnownSymbols.Is(parameter.Type, _symbols.HttpContext))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsPageHandlerName(string name) =>
            name.Length > 2 && name.StartsWith("On", StringComparison.Ordinal) && char.IsUpper(name[2]);

        private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
        {
            if (attribute is null)
            {
                return false;
            }

            foreach (var data in symbol.GetAttributes())
            {
                if (KnownSymbols.IsOrInherits(data.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        private bool HasConfiguredAttribute(ISymbol symbol)
        {
            foreach (var data in symbol.GetAttributes())
            {
                var attribute = data.AttributeClass;
                if (attribute is not null && (_attributes.Contains(attribute.Name) || _attributes.Contains(attribute.ToDisplayString())))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsConfiguredMethod(IMethodSymbol method)
        {
            for (var current = method; current is not null; current = current.OverriddenMethod)
            {
                if (_methods.Contains(current, out _))
                {
                    return true;
                }
            }

            var type = method.ContainingType;
            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol interfaceMethod
                        && _methods.Contains(interfaceMethod, out _)
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}

using System;
using System.Collections.Generic;
using ActivityFlow.Analyzers.Plumbing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActivityFlow.Analyzers.Model;

/// <summary>Request entry points: ASP.NET Core ones, plus those configured through .editorconfig.</summary>
internal sealed class EntryPoints
{
    private readonly KnownSymbols _symbols;
    private readonly HashSet<string> _attributes = new(StringComparer.Ordinal);
    private readonly MemberNameList _methods;

    public EntryPoints(KnownSymbols symbols, string? attributes, MemberNameList methods)
    {
        _symbols = symbols;
        _methods = methods;
        foreach (var name in ActivityFlowOptions.Entries(attributes))
        {
            _attributes.Add(name.EndsWith("Attribute", StringComparison.Ordinal) ? name : name + "Attribute");
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

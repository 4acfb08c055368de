using System.Collections.Generic;
using System.Collections.Immutable;
using ActivityFlow.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActivityFlow.Analyzers.Plumbing;

/// <summary>Where a dispatch diagnostic is reported, and what the code fix needs to find again.</summary>
internal static class DiagnosticLocations
{
    /// <summary>Property key: "true" when the diagnostic's additional location is a delegate the fix can rewrite.</summary>
    public const string FixableDelegate = "ActivityFlow.FixableDelegate";

    /// <summary>The method name of an invocation (or the type of an object creation): a short, precise squiggle.</summary>
    public static Location NameOf(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Name.GetLocation(),
        InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name.GetLocation(),
        InvocationExpressionSyntax invocation => invocation.Expression.GetLocation(),
        ObjectCreationExpressionSyntax creation => creation.Type.GetLocation(),
        _ => node.GetLocation(),
    };

    public static Diagnostic Create(DiagnosticDescriptor descriptor, SyntaxNode reportedAt, DispatchedWork work, params object?[] messageArgs) =>
        Create(descriptor, reportedAt, work, ImmutableDictionary<string, string?>.Empty, messageArgs);

    /// <summary>As above, with rule-specific properties for the fix; <paramref name="work"/> may be null (no delegate to rewrite).</summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, SyntaxNode reportedAt, DispatchedWork? work, ImmutableDictionary<string, string?> properties, params object?[] messageArgs)
    {
        var additional = new List<Location>();
        if (work?.DelegateSyntax is not null)
        {
            additional.Add(work.DelegateSyntax.GetLocation());
            properties = properties.Add(FixableDelegate, "true");
        }

        return Diagnostic.Create(descriptor, NameOf(reportedAt), additional, properties, messageArgs);
    }

    /// <summary>The 1-based line a node starts on: for messages that point at another line.</summary>
    public static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    public static string DisplayName(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Constructor
            ? "new " + method.ContainingType.Name
            : method.ContainingType.Name + "." + method.Name;
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace ActivityFlow.CodeFixes;

/// <summary>Syntax pieces the fixes share.</summary>
internal static class FixSyntax
{
    /// <summary>A fully qualified type reference that the simplifier shortens, adding the using directive when missing.</summary>
    public static SyntaxNode TypeReference(SyntaxGenerator generator, INamedTypeSymbol type) =>
        generator.TypeExpression(type).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary><c>Activity.Current</c>, fully qualified for the simplifier.</summary>
    public static SyntaxNode ActivityCurrent(SyntaxGenerator generator, INamedTypeSymbol activity) =>
        generator.MemberAccessExpression(TypeReference(generator, activity), "Current");
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

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

    /// <summary>
    /// A block whose braces sit on their own lines: the formatter keeps blocks written on one line as they are,
    /// so new blocks carry elastic line breaks that it then lays out in the document's style.
    /// </summary>
    public static BlockSyntax MultilineBlock(params StatementSyntax[] statements) => MultilineBlock(List(statements));

    public static BlockSyntax MultilineBlock(SyntaxList<StatementSyntax> statements) =>
        Block(statements)
            .WithOpenBraceToken(Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(ElasticLineFeed))
            .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(ElasticLineFeed));
}

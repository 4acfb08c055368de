using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// One way of handing the caller's trace context to a piece of work: a statement that captures it just before
/// the hand-off, and a body that wraps the work's original statements to use it.
/// </summary>
internal abstract class WorkWrapper
{
    protected WorkWrapper(SyntaxGenerator generator) => Generator = generator;

    protected SyntaxGenerator Generator { get; }

    /// <summary>The statement inserted before the statement that hands the work off.</summary>
    public abstract StatementSyntax Capture();

    /// <summary>The work's new body around its original statements.</summary>
    public abstract BlockSyntax Wrap(SyntaxList<StatementSyntax> statements);

    /// <summary>A fully qualified type reference for the simplifier, with the using added when missing.</summary>
    protected SyntaxNode TypeReference(ITypeSymbol type) =>
        Generator.TypeExpression(type).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}

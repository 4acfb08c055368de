using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>Builds the body that re-attaches the captured Activity around the work's original statements.</summary>
internal sealed class ReattachBody
{
    private readonly SyntaxGenerator _generator;
    private readonly INamedTypeSymbol _activity;
    private readonly INamedTypeSymbol? _scope;
    private readonly UniqueNames _names;

    public ReattachBody(SyntaxGenerator generator, INamedTypeSymbol activity, INamedTypeSymbol? scope, UniqueNames names)
    {
        _generator = generator;
        _activity = activity;
        _scope = scope;
        _names = names;
        CapturedName = names.Next("capturedActivity");
    }

    public string CapturedName { get; }

    /// <summary><c>Activity.Current</c>, fully qualified for the simplifier, with the using added when missing.</summary>
    public SyntaxNode ActivityCurrent() =>
        _generator.MemberAccessExpression(TypeReference(_activity), "Current");

    public BlockSyntax Wrap(SyntaxList<StatementSyntax> statements)
    {
        var captured = IdentifierName(CapturedName);
        if (_scope is not null)
        {
            // using (ActivityScope.Enter(captured)) { ... }
            var enter = (ExpressionSyntax)_generator.InvocationExpression(_generator.MemberAccessExpression(TypeReference(_scope), "Enter"), captured);
            return MultilineBlock(UsingStatement(null, enter, MultilineBlock(statements)));
        }

        var previousName = _names.Next("previousActivity");
        var restore = (StatementSyntax)_generator.ExpressionStatement(_generator.AssignmentStatement(ActivityCurrent(), IdentifierName(previousName)));
        return MultilineBlock(
            (StatementSyntax)_generator.LocalDeclarationStatement(previousName, ActivityCurrent()),
            (StatementSyntax)_generator.ExpressionStatement(_generator.AssignmentStatement(ActivityCurrent(), captured)),
            TryStatement(MultilineBlock(statements), default, FinallyClause(MultilineBlock(restore))));
    }

    /// <summary>
    /// A block whose braces sit on their own lines: the formatter keeps blocks written on one line as they are,
    /// so new blocks carry elastic line breaks that it then lays out in the document's style.
    /// </summary>
    private static BlockSyntax MultilineBlock(params StatementSyntax[] statements) => MultilineBlock(List(statements));

    private static BlockSyntax MultilineBlock(SyntaxList<StatementSyntax> statements) =>
        Block(statements)
            .WithOpenBraceToken(Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(ElasticLineFeed))
            .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(ElasticLineFeed));

    private SyntaxNode TypeReference(INamedTypeSymbol type) =>
        _generator.TypeExpression(type).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>Builds the body that re-attaches the captured Activity around the work's original statements.</summary>
internal sealed class ReattachBody : WorkWrapper
{
    private readonly INamedTypeSymbol _activity;
    private readonly INamedTypeSymbol? _scope;
    private readonly UniqueNames _names;

    public ReattachBody(SyntaxGenerator generator, INamedTypeSymbol activity, INamedTypeSymbol? scope, UniqueNames names)
        : base(generator)
    {
        _activity = activity;
        _scope = scope;
        _names = names;
        CapturedName = names.Next("capturedActivity");
    }

    public string CapturedName { get; }

    /// <summary><c>Activity.Current</c>, fully qualified for the simplifier, with the using added when missing.</summary>
    public SyntaxNode ActivityCurrent() =>
        Generator.MemberAccessExpression(TypeReference(_activity), "Current");

    /// <summary><c>var capturedActivity = Activity.Current;</c></summary>
    public override StatementSyntax Capture() =>
        (StatementSyntax)Generator.LocalDeclarationStatement(CapturedName, ActivityCurrent());

    public override BlockSyntax Wrap(SyntaxList<StatementSyntax> statements)
    {
        var captured = IdentifierName(CapturedName);
        if (_scope is not null)
        {
            // using (ActivityScope.Enter(captured)) { ... }
            var enter = (ExpressionSyntax)Generator.InvocationExpression(Generator.MemberAccessExpression(TypeReference(_scope), "Enter"), captured);
            return Blocks.Multiline(UsingStatement(null, enter, Blocks.Multiline(statements)));
        }

        var previousName = _names.Next("previousActivity");
        var restore = (StatementSyntax)Generator.ExpressionStatement(Generator.AssignmentStatement(ActivityCurrent(), IdentifierName(previousName)));
        return Blocks.Multiline(
            (StatementSyntax)Generator.LocalDeclarationStatement(previousName, ActivityCurrent()),
            (StatementSyntax)Generator.ExpressionStatement(Generator.AssignmentStatement(ActivityCurrent(), captured)),
            TryStatement(Blocks.Multiline(statements), default, FinallyClause(Blocks.Multiline(restore))));
    }
}

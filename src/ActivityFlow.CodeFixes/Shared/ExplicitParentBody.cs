using ActivityFlow.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// Captures the caller's <c>ActivityContext</c> before the hand-off and, inside the work, starts an activity from it:
/// as its explicit parent (the work stays in the caller's trace), or as a new root linked to it.
/// </summary>
internal sealed class ExplicitParentBody : WorkWrapper
{
    private readonly INamedTypeSymbol _activity;
    private readonly INamedTypeSymbol _activityKind;
    private readonly INamedTypeSymbol _activityContext;
    private readonly INamedTypeSymbol _activityLink;
    private readonly ExpressionSyntax _source;
    private readonly string _activityName;
    private readonly bool _linkedRoot;
    private readonly string _contextName;
    private readonly string _localName;

    private ExplicitParentBody(SyntaxGenerator generator, KnownSymbols types, ExpressionSyntax source, string activityName, bool linkedRoot, UniqueNames names)
        : base(generator)
    {
        _activity = types.Activity;
        _activityKind = types.ActivityKind!;
        _activityContext = types.ActivityContext!;
        _activityLink = types.ActivityLink!;
        _source = source;
        _activityName = activityName;
        _linkedRoot = linkedRoot;
        _contextName = names.Next("parentContext");
        _localName = names.Next("activity");
    }

    /// <summary>Null when a type it needs is missing (System.Diagnostics too old).</summary>
    public static ExplicitParentBody? Create(SemanticModel model, SyntaxGenerator generator, UniqueNames names, ExpressionSyntax source, string activityName, bool linkedRoot)
    {
        var types = ActivityFlowModel.For(model.Compilation)?.Symbols;
        return types?.ActivityKind is null || types.ActivityContext is null || types.ActivityLink is null
            ? null
            : new ExplicitParentBody(generator, types, source, activityName, linkedRoot, names);
    }

    /// <summary><c>var parentContext = Activity.Current?.Context ?? default;</c></summary>
    public override StatementSyntax Capture()
    {
        var context = BinaryExpression(
            SyntaxKind.CoalesceExpression,
            ConditionalAccessExpression(ActivityCurrent(), MemberBindingExpression(IdentifierName("Context"))),
            LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword)));
        return (StatementSyntax)Generator.LocalDeclarationStatement(_contextName, context);
    }

    public override BlockSyntax Wrap(SyntaxList<StatementSyntax> statements)
    {
        var kind = (ExpressionSyntax)Generator.MemberAccessExpression(TypeReference(_activityKind), "Internal");
        var name = LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(_activityName));
        ArgumentListSyntax arguments;
        if (_linkedRoot)
        {
            // A new root: no parent context, and no ambient parent either (Activity.Current is cleared first).
            var link = ObjectCreationExpression((TypeSyntax)TypeReference(_activityLink))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(IdentifierName(_contextName)))));
            var links = ImplicitArrayCreationExpression(InitializerExpression(SyntaxKind.ArrayInitializerExpression, SingletonSeparatedList<ExpressionSyntax>(link)));
            arguments = ArgumentList(SeparatedList(new[]
            {
                Argument(name),
                Argument(kind),
                Argument(DefaultExpression((TypeSyntax)TypeReference(_activityContext))),
                Argument(links).WithNameColon(NameColon(IdentifierName("links"))),
            }));
        }
        else
        {
            arguments = ArgumentList(SeparatedList(new[] { Argument(name), Argument(kind), Argument(IdentifierName(_contextName)) }));
        }

        var start = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, _source, IdentifierName("StartActivity")), arguments);
        var declaration = LocalDeclarationStatement(
                VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(VariableDeclarator(Identifier(_localName)).WithInitializer(EqualsValueClause(start)))))
            .WithUsingKeyword(Token(SyntaxKind.UsingKeyword));

        var body = List<StatementSyntax>();
        if (_linkedRoot)
        {
            body = body.Add((StatementSyntax)Generator.ExpressionStatement(Generator.AssignmentStatement(ActivityCurrent(), Generator.NullLiteralExpression())));
        }

        return Blocks.Multiline(body.Add(declaration).AddRange(statements));
    }

    private ExpressionSyntax ActivityCurrent() => (ExpressionSyntax)Generator.MemberAccessExpression(TypeReference(_activity), "Current");
}

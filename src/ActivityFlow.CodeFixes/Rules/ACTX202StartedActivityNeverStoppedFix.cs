using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.Analyzers;
using ActivityFlow.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// ACTX202: dispose the Activity with a using declaration. <c>var a = source.StartActivity(..);</c> becomes
/// <c>using var a = ..;</c> (a stop that ends the block is then redundant and removed); a discarded start becomes
/// <c>using var activity = ..;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ACTX202StartedActivityNeverStoppedFix)), Shared]
public sealed class ACTX202StartedActivityNeverStoppedFix : DocumentRewriteFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.StartedActivityNeverStopped);

    protected override string Title => "Dispose the Activity with a using declaration";

    protected override string EquivalenceKey => "ActivityFlow.DisposeActivityWithUsing";

    internal override SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
    {
        diagnostic.Properties.TryGetValue(ACTX202StartedActivityNeverStoppedAnalyzer.ShapeProperty, out var shape);
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        StatementSyntax? statement = shape switch
        {
            ACTX202StartedActivityNeverStoppedAnalyzer.DeclarationShape => node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is
                { UsingKeyword.RawKind: 0, Modifiers.Count: 0, Declaration.Variables.Count: 1 } declaration ? declaration : null,
            ACTX202StartedActivityNeverStoppedAnalyzer.DiscardedShape => node.FirstAncestorOrSelf<ExpressionStatementSyntax>(),
            _ => null,
        };

        // A using declaration may not stand directly in a switch section or as an embedded statement.
        return statement?.Parent is BlockSyntax or GlobalStatementSyntax ? statement : null;
    }

    internal override async Task<Document?> FixOneAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        switch (target)
        {
            case LocalDeclarationStatementSyntax declaration:
                editor.ReplaceNode(declaration, WithUsing(declaration));
                var redundantStop = TrailingStop(declaration, declaration.Declaration.Variables[0].Identifier.ValueText);
                if (redundantStop is not null)
                {
                    var keepComments = redundantStop.GetLeadingTrivia().Any(trivia => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia));
                    editor.RemoveNode(redundantStop, keepComments ? SyntaxRemoveOptions.KeepLeadingTrivia : SyntaxRemoveOptions.KeepNoTrivia);
                }

                break;

            case ExpressionStatementSyntax statement:
                var expression = statement.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                    ? discard.Right
                    : statement.Expression;
                var name = new UniqueNames(editor.SemanticModel, statement).Next("activity");
                var local = LocalDeclarationStatement(
                    VariableDeclaration(
                        IdentifierName("var"),
                        SingletonSeparatedList(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(expression.WithoutTrivia())))));
                editor.ReplaceNode(statement, WithUsing(local).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
                break;

            default:
                return null;
        }

        return editor.GetChangedDocument();
    }

    private static LocalDeclarationStatementSyntax WithUsing(LocalDeclarationStatementSyntax declaration) =>
        declaration.WithoutLeadingTrivia()
            .WithUsingKeyword(Token(declaration.GetLeadingTrivia(), SyntaxKind.UsingKeyword, TriviaList(Space)));

    /// <summary>The last statement of the declaring block when it only stops or disposes the local: the using now does that.</summary>
    private static StatementSyntax? TrailingStop(LocalDeclarationStatementSyntax declaration, string name)
    {
        if (declaration.Parent is not BlockSyntax block || block.Statements.Last() is not ExpressionStatementSyntax last)
        {
            return null;
        }

        var invocation = last.Expression switch
        {
            InvocationExpressionSyntax direct => direct,
            ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax conditional } => conditional,
            _ => null,
        };
        var receiver = last.Expression is ConditionalAccessExpressionSyntax access ? access.Expression : (invocation?.Expression as MemberAccessExpressionSyntax)?.Expression;
        var method = invocation?.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        return invocation is { ArgumentList.Arguments.Count: 0 }
            && method is "Stop" or "Dispose"
            && receiver is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name
            ? last
            : null;
    }
}

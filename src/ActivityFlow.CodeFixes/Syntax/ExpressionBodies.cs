using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

/// <summary>Turns the expression body that holds a target (<c>=> expr</c> of a method, local function or lambda) into a block.</summary>
internal static class ExpressionBodies
{
    /// <summary>The nearest expression body around the target that can become a block, or null.</summary>
    public static SyntaxNode? FindConvertible(SyntaxNode target)
    {
        foreach (var ancestor in target.Ancestors())
        {
            switch (ancestor)
            {
                case StatementSyntax:
                    return null;
                case AnonymousFunctionExpressionSyntax { ExpressionBody: not null } lambda when lambda.ExpressionBody.Span.Contains(target.Span):
                    return lambda;
                case ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax or ConstructorDeclarationSyntax } arrow:
                    return arrow.Parent;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    public static async Task<Document> ToBlockAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
    {
        var owner = FindConvertible(target);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (owner is null || model is null || root is null)
        {
            return document;
        }

        SyntaxNode rewritten;
        switch (owner)
        {
            case AnonymousFunctionExpressionSyntax lambda:
                var lambdaSymbol = model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol;
                rewritten = lambda.WithBlock(Blocks.Multiline(WorkBodyShape.ToStatement(lambda.ExpressionBody!, lambdaSymbol))).WithExpressionBody(null);
                break;
            case BaseMethodDeclarationSyntax method when method.ExpressionBody is not null:
                var methodSymbol = model.GetDeclaredSymbol(method, cancellationToken) as IMethodSymbol;
                rewritten = method.WithBody(Blocks.Multiline(WorkBodyShape.ToStatement(method.ExpressionBody.Expression, methodSymbol)))
                    .WithExpressionBody(null).WithSemicolonToken(default);
                break;
            case LocalFunctionStatementSyntax local when local.ExpressionBody is not null:
                var localSymbol = model.GetDeclaredSymbol(local, cancellationToken) as IMethodSymbol;
                rewritten = local.WithBody(Blocks.Multiline(WorkBodyShape.ToStatement(local.ExpressionBody.Expression, localSymbol)))
                    .WithExpressionBody(null).WithSemicolonToken(default);
                break;
            default:
                return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(owner, rewritten.WithAdditionalAnnotations(Formatter.Annotation)));
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActivityFlow.CodeFixes;

internal static class Blocks
{
    /// <summary>
    /// A block whose braces sit on their own lines: the formatter keeps blocks written on one line as they are,
    /// so new blocks carry elastic line breaks that it then lays out in the document's style.
    /// </summary>
    public static BlockSyntax Multiline(params StatementSyntax[] statements) => Multiline(List(statements));

    public static BlockSyntax Multiline(SyntaxList<StatementSyntax> statements) =>
        Block(statements)
            .WithOpenBraceToken(Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(ElasticLineFeed))
            .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(ElasticLineFeed));
}

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// A fix with one code action per diagnostic, applied document by document: the same code serves a single fix and
/// Fix All (document-based provider: Document, Project and Solution scopes, as <c>dotnet format</c> needs).
/// </summary>
public abstract class SingleActionFix : CodeFixProvider
{
    private protected abstract string ActionTitle { get; }

    private protected abstract string ActionEquivalenceKey { get; }

    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            await FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await CanFixAsync(context.Document, root, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(ActionTitle, cancellationToken => FixDocumentAsync(context.Document, new[] { diagnostic }, cancellationToken), ActionEquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>True when the fix applies to the diagnostic (checked on syntax only).</summary>
    private protected abstract bool CanFix(SyntaxNode root, Diagnostic diagnostic);

    /// <summary>Whether to offer the action; fixes that can only tell by trying the rewrite override this.</summary>
    private protected virtual Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Task.FromResult(CanFix(root, diagnostic));

    /// <summary>Fixes every applicable diagnostic of one document.</summary>
    private protected abstract Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken);
}

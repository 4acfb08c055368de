using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// A fix with one action that rewrites one syntax node per diagnostic. Fix All is document-based (Document,
/// Project and Solution scopes, as <c>dotnet format</c> needs) and applies the rewrites one after another.
/// </summary>
public abstract class DocumentRewriteFix : CodeFixProvider
{
    /// <summary>The action's title.</summary>
    protected abstract string Title { get; }

    /// <summary>Non-null: Fix All and <c>dotnet format</c> group actions by it.</summary>
    protected abstract string EquivalenceKey { get; }

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
            var target = FindTarget(root, diagnostic);
            if (target is null
                || (ChecksBeforeOffering && await FixOneAsync(context.Document, target, context.CancellationToken).ConfigureAwait(false) is null))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    cancellationToken => FixDocumentAsync(context.Document, new[] { diagnostic }, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>True when only the rewrite itself can tell whether it applies: the action is offered only if it does.</summary>
    protected virtual bool ChecksBeforeOffering => false;

    /// <summary>The node this diagnostic's fix rewrites, or null when the fix does not apply to its shape.</summary>
    internal abstract SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic);

    /// <summary>Rewrites one target (found again in <paramref name="document"/>); null when it cannot.</summary>
    internal abstract Task<Document?> FixOneAsync(Document document, SyntaxNode target, CancellationToken cancellationToken);

    private async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var targets = diagnostics.Select(diagnostic => FindTarget(root, diagnostic)).Where(target => target is not null).Select(target => target!).ToList();
        return await TrackedTargets.FixEachAsync(document, root, targets, FixOneAsync, cancellationToken).ConfigureAwait(false);
    }
}

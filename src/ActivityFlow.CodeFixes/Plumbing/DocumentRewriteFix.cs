using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// A <see cref="SingleActionFix"/> that rewrites one syntax node per diagnostic; a document's rewrites are applied one
/// after another (<see cref="TrackedTargets"/>).
/// </summary>
public abstract class DocumentRewriteFix : SingleActionFix
{
    /// <summary>The action's title.</summary>
    protected abstract string Title { get; }

    /// <summary>Non-null: Fix All and <c>dotnet format</c> group actions by it.</summary>
    protected abstract string EquivalenceKey { get; }

    /// <summary>True when only the rewrite itself can tell whether it applies: the action is offered only if it does.</summary>
    protected virtual bool ChecksBeforeOffering => false;

    private protected sealed override string ActionTitle => Title;

    private protected sealed override string ActionEquivalenceKey => EquivalenceKey;

    /// <summary>The node this diagnostic's fix rewrites, or null when the fix does not apply to its shape.</summary>
    internal abstract SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic);

    /// <summary>Rewrites one target (found again in <paramref name="document"/>); null when it cannot.</summary>
    internal abstract Task<Document?> FixOneAsync(Document document, SyntaxNode target, CancellationToken cancellationToken);

    private protected sealed override bool CanFix(SyntaxNode root, Diagnostic diagnostic) => FindTarget(root, diagnostic) is not null;

    private protected sealed override async Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var target = FindTarget(root, diagnostic);
        return target is not null
            && (!ChecksBeforeOffering || await FixOneAsync(document, target, cancellationToken).ConfigureAwait(false) is not null);
    }

    private protected sealed override async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
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

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// The fix of ACTX001–ACTX003 and ACTX006: capture Activity.Current before the hand-off and re-attach it inside the
/// work. Each of those rules exports its own sealed subclass, so every rule has a fix that carries its ID.
/// </summary>
public abstract class CaptureAndRestoreActivityFix : SingleActionFix
{
    public const string Title = "Capture and restore Activity.Current";
    public const string EquivalenceKey = "ActivityFlow.CaptureAndRestoreActivity";

    private protected override string ActionTitle => Title;

    private protected override string ActionEquivalenceKey => EquivalenceKey;

    private protected override bool CanFix(SyntaxNode root, Diagnostic diagnostic) => ActivityReattachRewriter.CanRewrite(root, diagnostic);

    private protected override Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        ActivityReattachRewriter.FixDocumentAsync(document, diagnostics, cancellationToken);
}

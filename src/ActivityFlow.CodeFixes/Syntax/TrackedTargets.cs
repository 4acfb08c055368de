using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// Fixes several targets of one document one after the other: each fix runs on the document the previous one
/// produced (so names stay unique and edits compose), and targets are found again by annotation.
/// </summary>
internal static class TrackedTargets
{
    private const string AnnotationKind = "ActivityFlow.FixTarget";

    /// <summary>Last target first: a target nested in another target's code is rewritten before its container moves.</summary>
    public static async Task<Document> FixEachAsync<TNode>(
        Document document, SyntaxNode root, IReadOnlyCollection<TNode> targets, Func<Document, TNode, CancellationToken, Task<Document?>> fixOne, CancellationToken cancellationToken)
        where TNode : SyntaxNode
    {
        if (targets.Count == 0)
        {
            return document;
        }

        var annotations = targets.Distinct().ToDictionary(target => target, _ => new SyntaxAnnotation(AnnotationKind));
        document = document.WithSyntaxRoot(root.ReplaceNodes(annotations.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original])));
        foreach (var annotation in annotations.OrderByDescending(pair => pair.Key.SpanStart).Select(pair => pair.Value))
        {
            var currentRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var target = currentRoot?.GetAnnotatedNodes(annotation).OfType<TNode>().FirstOrDefault();
            if (target is not null)
            {
                document = await fixOne(document, target, cancellationToken).ConfigureAwait(false) ?? document;
            }
        }

        return document;
    }
}

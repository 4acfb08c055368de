using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace ActivityFlow.CodeFixes;

/// <summary>
/// Fixes several targets of one document one after another: each fix runs on the document the previous one
/// produced (so names stay unique and edits compose), the targets are tracked by annotation across the rewrites,
/// and the last target in the document goes first (a target nested in another one is rewritten before its
/// container moves).
/// </summary>
internal static class SequentialFix
{
    private const string TargetAnnotationKind = "ActivityFlow.FixTarget";

    public static async Task<Document> ApplyAsync(
        Document document,
        IEnumerable<SyntaxNode> targets,
        Func<Document, SyntaxNode, CancellationToken, Task<Document?>> fixOne,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var distinct = targets.Distinct().ToList();
        if (root is null || distinct.Count == 0)
        {
            return document;
        }

        var annotations = distinct.ToDictionary(target => target, _ => new SyntaxAnnotation(TargetAnnotationKind));
        document = document.WithSyntaxRoot(root.ReplaceNodes(distinct, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original])));

        foreach (var annotation in annotations.OrderByDescending(pair => pair.Key.SpanStart).Select(pair => pair.Value))
        {
            var currentRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var target = currentRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
            if (target is not null)
            {
                document = await fixOne(document, target, cancellationToken).ConfigureAwait(false) ?? document;
            }
        }

        return document;
    }
}

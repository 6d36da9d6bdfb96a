using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>What every fix runs on a document it changed: usings for annotated names, simplification, formatting of the new nodes.</summary>
internal static class DocumentCleanup
{
    public static async Task<Document> CleanupAsync(Document document, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Roslyn's simplifier throws on some half-typed code (a NullReferenceException in its reducers; the minimised
            // fuzz input is in FuzzFindingTests). The names stay as written, and the annotation goes, so that the code
            // action's own clean-up, which runs the same simplifier when the IDE applies the fix, does not throw either.
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var annotated = root!.GetAnnotatedNodesAndTokens(Simplifier.Annotation).Where(n => n.IsNode).Select(n => n.AsNode()!).ToList();
            document = document.WithSyntaxRoot(root.ReplaceNodes(annotated, (_, rewritten) => rewritten.WithoutAnnotations(Simplifier.Annotation)));
        }

        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}

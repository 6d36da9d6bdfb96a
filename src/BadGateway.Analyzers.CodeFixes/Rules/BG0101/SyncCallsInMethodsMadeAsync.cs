using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// "Make 'M' async" must leave nothing for another rule to report (issue #14): once <c>M</c> is async, a synchronous
/// call in it that has an async sibling (<c>_slots.Wait(ct)</c>, <c>Thread.Sleep(n)</c>) is BG0102's. So the same fix
/// awaits those too, with BG0102's own fix, on exactly the calls BG0102 reports there (its options included).
/// </summary>
internal static class SyncCallsInMethodsMadeAsync
{
    public static async Task<Solution> FixAsync(Solution original, Solution converted, CancellationToken cancellationToken)
    {
        if (converted == original)
        {
            return converted;
        }

        var sites = new List<FixSite>();
        foreach (var id in TargetFrameworks.ChangedDocumentIds(original, converted))
        {
    cancellationToken.ThrowIfCancellationRequested();
            if (converted.GetDocument(id) is not { } document
                || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var declarations = root.GetAnnotatedNodes(AsyncConversion.MadeAsync).ToList();
            if (declarations.Count == 0
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
            {
                continue;
            }

            var analysis = model.Compilation.WithAnalyzers(
                ImmutableArray.Create<DiagnosticAnalyzer>(new BG0102SyncCallInAsyncCodeAnalyzer()),
                document.Project.AnalyzerOptions);
            foreach (var declaration in declarations)
            {
    cancellationToken.ThrowIfCancellationRequested();
                var reported = await analysis.GetAnalyzerSemanticDiagnosticsAsync(model, declaration.Span, cancellationToken).ConfigureAwait(false);
                sites.AddRange(reported
                    .Where(d => d.Id == DiagnosticIds.SyncCallInAsyncCode && declaration.Span.Contains(d.Location.SourceSpan))
                    .Select(d => new FixSite(id, d.Location.SourceSpan)));
            }
        }

        return sites.Count == 0
            ? converted
            : await BG0102SyncCallInAsyncCodeCodeFixProvider.FixSitesAsync(converted, sites, cancellationToken).ConfigureAwait(false);
    }
}

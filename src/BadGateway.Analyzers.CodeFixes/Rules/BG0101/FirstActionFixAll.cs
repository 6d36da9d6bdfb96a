using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fix All with the key of the first report's first action applies to each report in scope its OWN first action
/// ("Use await", the wrapper, or Make async). <c>dotnet format analyzers</c> asks for the Fix All of the first report's
/// first action only, once per id and run: without this, a file mixing the three needed three runs. The reports are
/// fixed one kind at a time, each kind on the solution the previous one left, with the reports found again there (by
/// running BG0101 on the changed documents), so conversions that touch the same method or callers are planned on
/// top of each other and every step compiles in every target framework.
/// </summary>
internal static class FirstActionFixAll
{
    /// <summary>At most this many kinds of fix, one after another (there are three first actions).</summary>
    private const int MaxRounds = 4;

    /// <summary>A conversion of some sites in one mode, in the form that compiles everywhere (the provider's).</summary>
    public delegate Task<Solution> Convert(Solution solution, IReadOnlyList<FixSite> sites, AsyncConversion.Mode mode, CancellationToken cancellationToken);

    /// <summary>
    /// The solution with each report's first action applied, or null when <paramref name="key"/> is not the first
    /// action's key of the first report (then Fix All applies that key's action only, as before).
    /// </summary>
    public static async Task<Solution?> TryApplyAsync(FixAllContext context, IReadOnlyList<Diagnostic> diagnostics, string? key, Func<AsyncConversion.Mode, string> keyOf, Convert convert, CancellationToken cancellationToken)
    {
        var solution = context.Solution;
        var sites = Ordered(solution, diagnostics.Select(d => FixSite.Of(solution, d)).OfType<FixSite>(), context.Document?.Id);
        if (sites.Count == 0 || await FirstModeAsync(solution, sites[0], convert, cancellationToken).ConfigureAwait(false) is not { } first || keyOf(first) != key)
        {
            return null;
        }

        var documents = new HashSet<DocumentId>(sites.Select(s => s.Document));

        // Only the reports in scope now: a fix's own boundary (M => MAsync(...).GetAwaiter().GetResult() where a caller
        // cannot await) is a wait written differently, and gets the next run's fix, as one by one.
        var original = diagnostics
            .Where(d => FixSite.Of(solution, d) is not null)
            .GroupBy(d => (FixSite.Of(solution, d)!.Value.Document, Reported(d)))
            .ToDictionary(g => g.Key, g => g.Count());
        var current = solution;
        for (var round = 0; round < MaxRounds && sites.Count > 0; round++)
        {
            var modes = new List<(FixSite Site, AsyncConversion.Mode Mode)>();
            foreach (var site in sites)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await FirstModeAsync(current, site, convert, cancellationToken).ConfigureAwait(false) is { } mode)
                {
                    modes.Add((site, mode));
                }
            }

            var changed = current;
            foreach (var mode in modes.Select(m => m.Mode).Distinct())
            {
                changed = await convert(current, modes.Where(m => m.Mode == mode).Select(m => m.Site).ToList(), mode, cancellationToken).ConfigureAwait(false);
                if (changed != current)
                {
                    break;
                }
            }

            if (changed == current)
            {
                break;
            }

            current = changed;
            sites = Ordered(current, await ReportsAsync(current, documents, original, cancellationToken).ConfigureAwait(false), context.Document?.Id);
        }

        return current;
    }

    /// <summary>The mode of a report's first action, in the order the provider registers them; null when it has none.</summary>
    public static async Task<AsyncConversion.Mode?> FirstModeAsync(Solution solution, FixSite site, Convert convert, CancellationToken cancellationToken)
    {
        if (solution.GetDocument(site.Document) is not { } document)
        {
            return null;
        }

        var fixes = await AsyncConversion.InspectAsync(document, site.Span, cancellationToken).ConfigureAwait(false);
        var candidates = new List<AsyncConversion.Mode>();
        if (fixes.CanUseAwait)
        {
            candidates.Add(AsyncConversion.Mode.UseAwait);
        }

        if (fixes.MethodToMakeAsync is not null)
        {
            if (await AsyncConversion.InspectSiblingAsync(document, site.Span, cancellationToken).ConfigureAwait(false) is not null)
            {
                candidates.Add(AsyncConversion.Mode.AddAsyncSibling);
            }

            candidates.Add(AsyncConversion.Mode.MakeAsync);
        }

        foreach (var mode in candidates)
        {
            if (await convert(solution, new[] { site }, mode, cancellationToken).ConfigureAwait(false) != solution)
            {
                return mode;
            }
        }

        return null;
    }

    /// <summary>BG0101's reports in <paramref name="documents"/>, found again in <paramref name="solution"/>: those whose wait reads as one Fix All was asked for (as many as there were).</summary>
    private static async Task<List<FixSite>> ReportsAsync(Solution solution, HashSet<DocumentId> documents, Dictionary<(DocumentId, string), int> original, CancellationToken cancellationToken)
    {
        var remaining = new Dictionary<(DocumentId, string), int>(original);
        var sites = new List<FixSite>();
        foreach (var projectId in documents.Select(d => d.ProjectId).Distinct())
        {
            if (solution.GetProject(projectId) is not { } project
                || await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation)
            {
                continue;
            }

            var withAnalyzer = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer()), project.AnalyzerOptions);
            foreach (var diagnostic in await withAnalyzer.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (diagnostic.Id == DiagnosticIds.BlockingWait
                    && !diagnostic.IsSuppressed
                    && FixSite.Of(solution, diagnostic) is { } site
                    && documents.Contains(site.Document)
                    && remaining.TryGetValue((site.Document, Reported(diagnostic)), out var count)
                    && count > 0)
                {
                    remaining[(site.Document, Reported(diagnostic))] = count - 1;
                    sites.Add(site);
                }
            }
        }

        return sites;
    }

    /// <summary>The reported wait as written (<c>t.Result</c>, <c>CheckAsync(task).GetAwaiter().GetResult</c>): the member access around the flagged name.</summary>
    private static string Reported(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree?.GetRoot().FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is { } node
            ? (node.Parent ?? node).ToString()
            : string.Empty;

    /// <summary>The reports of the document Fix All was asked from first, then by file and position: the first is "the first report".</summary>
    private static List<FixSite> Ordered(Solution solution, IEnumerable<FixSite> sites, DocumentId? first) =>
        sites
            .OrderBy(s => s.Document == first ? 0 : 1)
            .ThenBy(s => solution.GetDocument(s.Document)?.FilePath ?? solution.GetDocument(s.Document)?.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Document.ProjectId.Id)
            .ThenBy(s => s.Span.Start)
            .ToList();
}

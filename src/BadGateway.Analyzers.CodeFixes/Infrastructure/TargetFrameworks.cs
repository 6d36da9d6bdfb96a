using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Every target framework a fix is written for. Visual Studio and <c>dotnet format</c> (MSBuildWorkspace) load a
/// multi-targeting project as one project per target framework, each with its own copy of a file (the linked documents,
/// <see cref="Document.GetLinkedDocumentIds"/>). A fix is computed in one copy and written into the file that every
/// target framework compiles, so it is offered only when its result compiles in each of them (real code: NBitcoin's
/// <c>FlushAsync(ct)</c> on netstandard2.0, Flurl's <c>MaxConnectionsPerServer</c> on net461).
/// </summary>
internal static class TargetFrameworks
{
    /// <summary>The other target frameworks' copies of <paramref name="document"/>, with their semantic models.</summary>
    public static async Task<ImmutableArray<(Document Document, SemanticModel Model, SyntaxNode Root)>> OtherCopiesAsync(Document document, CancellationToken cancellationToken)
    {
        var copies = ImmutableArray.CreateBuilder<(Document, SemanticModel, SyntaxNode)>();
        foreach (var copy in LinkedCopies(document))
        {
            if (await copy.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model
                && await copy.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root)
            {
                copies.Add((copy, model, root));
            }
        }

        return copies.ToImmutable();
    }

    /// <summary>Whether <paramref name="holds"/> is true in every other target framework's copy of the document (true when there is none).</summary>
    public static async Task<bool> HoldsInEveryOtherAsync(Document document, Func<SemanticModel, SyntaxNode, bool> holds, CancellationToken cancellationToken)
    {
        foreach (var (_, model, root) in await OtherCopiesAsync(document, cancellationToken).ConfigureAwait(false))
        {
            if (!holds(model, root))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="plans"/> holds in <paramref name="document"/> and in every other target framework's copy of
    /// it, each asked side by side (the copies are the same text, so a report's span is the same in each): the
    /// registration's cheap check in a file linked into several target frameworks. Issue #16: computing a fix for every
    /// framework with its compile check kept the lightbulb waiting. Where the check holds in every copy the fix compiles
    /// in each of them the way it does in one, so it is computed when it is previewed or applied; where it fails in one,
    /// the caller computes the fix now (the form every framework has can come from another copy).
    /// </summary>
    public static async Task<bool> PlansInEveryCopyAsync(Document document, Func<Document, Task<bool>> plans, CancellationToken cancellationToken) =>
        (await InEveryCopyAsync(document, plans, cancellationToken).ConfigureAwait(false)).All(planned => planned);

    /// <summary>
    /// <paramref name="ask"/>'s answer for <paramref name="document"/> (first) and for each other target framework's copy
    /// of it, asked side by side; in a file of one target framework, asked on the calling thread.
    /// </summary>
    public static async Task<T[]> InEveryCopyAsync<T>(Document document, Func<Document, Task<T>> ask, CancellationToken cancellationToken)
    {
        var others = LinkedCopies(document).ToList();
        if (others.Count == 0)
        {
            return new[] { await ask(document).ConfigureAwait(false) };
        }

        return await Task.WhenAll(new[] { document }.Concat(others).Select(copy => Task.Run(() => ask(copy), cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>The other target frameworks' copies of <paramref name="document"/> (the linked documents).</summary>
    private static IEnumerable<Document> LinkedCopies(Document document)
    {
        foreach (var id in document.GetLinkedDocumentIds())
        {
            if (document.Project.Solution.GetDocument(id) is { } copy)
            {
                yield return copy;
            }
        }
    }

    /// <summary>
    /// Whether the whole of <paramref name="span"/> is code that <paramref name="copy"/>'s framework does not compile (the
    /// branch of an <c>#if</c> it leaves out, kept as disabled text): an edit made there cannot break that framework.
    /// </summary>
    public static async Task<bool> IsInactiveAsync(Document copy, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await copy.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || span.End > root.FullSpan.End)
        {
            return false;
        }

        var trivia = root.FindTrivia(span.Start);
        return trivia.IsKind(SyntaxKind.DisabledTextTrivia) && trivia.Span.Contains(span);
    }

    /// <summary>
    /// Whether every document <paramref name="changed"/> changed compiles, in its own project and in every project that
    /// links the same file (given the new text, as the workspace does when it applies the change), with no compiler
    /// error that the original did not have. Two copies of one file changed differently do not: applying them would
    /// leave merge-conflict markers in the file. Each changed document is parsed again from its text first.
    /// </summary>
    public static async Task<bool> CompilesEverywhereAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        var changedIds = ChangedDocumentIds(original, changed);
        var toCheck = new HashSet<DocumentId>(changedIds);
        var everywhere = changed;
        foreach (var id in changedIds)
        {
            // Checked as parsed again from its text, as it is written to disk: a fix can build a tree that no parser makes
            // from that text (an 'async' put into the modifiers of a method whose previous member is half-typed reads as
            // part of that member once parsed).
            var written = await changed.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var text = SourceText.From(written.ToString(), written.Encoding, written.ChecksumAlgorithm);
            everywhere = everywhere.WithDocumentText(id, text);
            foreach (var linked in original.GetDocument(id)?.GetLinkedDocumentIds() ?? ImmutableArray<DocumentId>.Empty)
            {
                if (changedIds.Contains(linked))
                {
                    var other = await changed.GetDocument(linked)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    if (!other.ContentEquals(text))
                    {
                        return false;
                    }
                }
                else if (toCheck.Add(linked))
                {
                    everywhere = everywhere.WithDocumentText(linked, text);
                }
            }
        }

        // A name the fix declared away (a method renamed MAsync, a getter turned into GetXAsync()) may still be used by a
        // file the fix did not change: checked too, so a caller the fix missed fails here instead of in the build.
        foreach (var id in await UnchangedUsersOfRemovedNamesAsync(original, changed, changedIds, cancellationToken).ConfigureAwait(false))
        {
            toCheck.Add(id);
        }

        // Each document is bound on its own (issue #16: binding the changed documents was most of a large fix's time, one
        // after the other): the checks run side by side, and the result is theirs together.
        var checks = toCheck.Select(id => Task.Run(() => HasNoNewErrorAsync(original, everywhere, id, cancellationToken), cancellationToken)).ToList();
        return (await Task.WhenAll(checks).ConfigureAwait(false)).All(ok => ok);
    }

    /// <summary>
    /// The documents <paramref name="changed"/> left as they were that use, as an identifier, a name some changed document
    /// declared before the fix and no longer declares; in the changed documents' projects and in the projects that depend
    /// on them. Found on the real-world corpus: a rename whose caller sat in an unchanged file compiled for other target
    /// frameworks only passed the check of the changed documents and broke the build (elastic-transport-net).
    /// </summary>
    private static async Task<List<DocumentId>> UnchangedUsersOfRemovedNamesAsync(Solution original, Solution changed, List<DocumentId> changedIds, CancellationToken cancellationToken)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in changedIds)
        {
            if (original.GetDocument(id) is { } before && changed.GetDocument(id) is { } after
                && await before.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } beforeRoot
                && await after.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } afterRoot)
            {
                // By count: a renamed overload leaves its name declared by the others.
                var declaredAfter = DeclaredNames(afterRoot).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
                removed.UnionWith(DeclaredNames(beforeRoot).GroupBy(n => n)
                    .Where(g => !declaredAfter.TryGetValue(g.Key, out var count) || count < g.Count())
                    .Select(g => g.Key));
            }
        }

        var users = new List<DocumentId>();
        if (removed.Count == 0)
        {
            return users;
        }

        var changedSet = new HashSet<DocumentId>(changedIds);
        var linkedToChanged = new HashSet<DocumentId>(changedIds.SelectMany(id => original.GetDocument(id)?.GetLinkedDocumentIds() ?? ImmutableArray<DocumentId>.Empty));
        var graph = original.GetProjectDependencyGraph();
        var projects = new HashSet<ProjectId>(changedIds.Select(id => id.ProjectId));
        projects.UnionWith(projects.SelectMany(graph.GetProjectsThatTransitivelyDependOnThisProject).ToList());
        foreach (var document in projects.Select(original.GetProject).SelectMany(p => p?.Documents ?? Enumerable.Empty<Document>()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (changedSet.Contains(document.Id) || linkedToChanged.Contains(document.Id))
            {
                continue;
            }

            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var content = text.ToString();
            if (removed.Any(name => content.IndexOf(name, StringComparison.Ordinal) >= 0)
                && await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root
                && root.DescendantTokens().Any(t => t.RawKind == (int)SyntaxKind.IdentifierToken && removed.Contains(t.ValueText)))
            {
                users.Add(document.Id);
            }
        }

        return users;
    }

    /// <summary>The names of the types, methods, properties and events the document declares (not parameters or locals), once per declaration.</summary>
    private static IEnumerable<string> DeclaredNames(SyntaxNode root) =>
        root.DescendantNodes(n => n is not BaseMethodDeclarationSyntax and not AccessorListSyntax)
            .Select(n => n switch
            {
                MethodDeclarationSyntax m => m.Identifier.ValueText,
                PropertyDeclarationSyntax p => p.Identifier.ValueText,
                BaseTypeDeclarationSyntax t => t.Identifier.ValueText,
                EventDeclarationSyntax e => e.Identifier.ValueText,
                _ => null,
            })
            .OfType<string>();

    /// <summary>Whether the document <paramref name="id"/> has no compiler error in <paramref name="changed"/> that it did not have in <paramref name="original"/>.</summary>
    private static async Task<bool> HasNoNewErrorAsync(Solution original, Solution changed, DocumentId id, CancellationToken cancellationToken)
    {
        if (original.GetDocument(id) is not { } before || changed.GetDocument(id) is not { } after)
        {
            return true;
        }

        var countsBefore = await ErrorCountsBeforeAsync(original, before, cancellationToken).ConfigureAwait(false);
        var errorsAfter = await ErrorCountsAsync(after, cancellationToken).ConfigureAwait(false);
        return !errorsAfter.Any(e => !countsBefore.TryGetValue(e.Key, out var count) || count < e.Value);
    }

    /// <summary>The documents whose text differs between the two solutions.</summary>
    public static List<DocumentId> ChangedDocumentIds(Solution original, Solution changed) =>
        changed.GetChanges(original).GetProjectChanges()
            .SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            .ToList();

    /// <summary>
    /// The original documents' error counts, per solution: every candidate result of a fix is checked against the same
    /// original (each mode of one report, each form of a Fix All, the reports of one lightbulb), and binding a whole
    /// document again for each was most of a fix's compile check (issue #16). A solution is immutable, so its counts are too.
    /// </summary>
    private static readonly ConditionalWeakTable<Solution, ConcurrentDictionary<DocumentId, Dictionary<string, int>>> OriginalErrorCounts = new();

    private static async Task<Dictionary<string, int>> ErrorCountsBeforeAsync(Solution original, Document before, CancellationToken cancellationToken)
    {
        var counts = OriginalErrorCounts.GetValue(original, _ => new ConcurrentDictionary<DocumentId, Dictionary<string, int>>());
        if (!counts.TryGetValue(before.Id, out var countsBefore))
        {
            countsBefore = counts.GetOrAdd(before.Id, await ErrorCountsAsync(before, cancellationToken).ConfigureAwait(false));
        }

        return countsBefore;
    }

    /// <summary>Compiler errors of one document, counted per id (positions move with the fix; ids and counts do not).</summary>
    private static async Task<Dictionary<string, int>> ErrorCountsAsync(Document document, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return counts;
        }

        foreach (var diagnostic in model.GetDiagnostics(cancellationToken: cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                counts[diagnostic.Id] = counts.TryGetValue(diagnostic.Id, out var count) ? count + 1 : 1;
            }
        }

        return counts;
    }

    /// <summary>
    /// Applies <paramref name="fix"/> to <paramref name="sites"/> so that the result compiles in every target framework.
    /// The sites of one file are fixed in one copy of it (two copies changed differently cannot both be written), and a
    /// site is fixed only in a copy that compiles it (not in an <c>#if</c> branch the copy's framework leaves out):
    /// <list type="number">
    /// <item>all sites, each in the copy of the file it was reported in;</item>
    /// <item>else each file's sites in the copy that compiles the most of them;</item>
    /// <item>else each file's sites in its first copy, then its second, and so on (a fix computed for netstandard2.0
    /// writes <c>FlushAsync()</c> where one computed for .NET 8 writes <c>FlushAsync(ct)</c>: the form every target has),
    /// the placements that fix the most sites first;</item>
    /// <item>else each site alone, in the first copy where its fix compiles everywhere, and then those sites together,
    /// each file's in the copy that holds the most of them.</item>
    /// </list>
    /// Every choice follows the files' paths and the copies' project names, never the order the diagnostics came in, so
    /// the same code gets the same fix (elastic-transport-net: <c>dotnet format</c> fixed different sites from one run to
    /// the next). Returns <paramref name="solution"/> itself when nothing can be fixed; <paramref name="fix"/> does the same.
    /// </summary>
    public static async Task<Solution> ApplyEverywhereAsync(
        Solution solution,
        IEnumerable<FixSite> sites,
        Func<Solution, IReadOnlyList<FixSite>, CancellationToken, Task<Solution>> fix,
        CancellationToken cancellationToken)
    {
        var distinct = Distinct(solution, sites);
        if (distinct.Count == 0)
        {
            return solution;
        }

        fix = WithCleanup(fix);
        var all = await fix(solution, distinct, cancellationToken).ConfigureAwait(false);
        if (all == solution || await CompilesEverywhereAsync(solution, all, cancellationToken).ConfigureAwait(false))
        {
            return all;
        }

        // Which copies compile each site, once: the choices below all read it.
        var files = new List<FileSites>();
        foreach (var group in distinct.GroupBy(site => CopiesOf(solution, site.Document)[0]))
        {
            var copies = CopiesOf(solution, group.Key);
            var active = new List<(FixSite Site, HashSet<DocumentId> In)>();
            foreach (var site in group)
            {
                var activeIn = new HashSet<DocumentId>();
                foreach (var copy in copies)
                {
                    if (solution.GetDocument(copy) is { } document && !await IsInactiveAsync(document, site.Span, cancellationToken).ConfigureAwait(false))
                    {
                        activeIn.Add(copy);
                    }
                }

                active.Add((site, activeIn));
            }

            files.Add(new FileSites(copies, active));
        }

        // Each file in one copy: the copy that compiles the most of its sites, then each file's first copy, its second, and
        // so on. A placement that leaves no site out is tried before the per-site search below; one that does (a copy whose
        // framework leaves a call out drops it) only after it.
        var attempts = new List<Func<FileSites, DocumentId>> { file => file.Copies.OrderByDescending(file.ActiveCount).First() };
        for (var index = 0; index < files.Max(file => file.Copies.Count); index++)
        {
            var k = index;
            attempts.Add(file => file.Copies[Math.Min(k, file.Copies.Count - 1)]);
        }

        string Signature(IEnumerable<FixSite> placed) => string.Join(";", placed.Select(site => $"{site.Document.Id}:{site.Span}"));
        var tried = new HashSet<string>(StringComparer.Ordinal) { Signature(distinct) };
        var placements = attempts
            .Select(copyOf => files.SelectMany(file => file.In(copyOf(file))).ToList())
            .Where(placed => placed.Count > 0 && tried.Add(Signature(placed)))
            .OrderByDescending(placed => placed.Count)
            .ToList();
        foreach (var placed in placements.Where(placed => placed.Count == distinct.Count))
        {
            if (await FixedEverywhereAsync(solution, placed, fix, cancellationToken).ConfigureAwait(false) is { } moved)
            {
                return moved;
            }
        }

        if (distinct.Count > 1 && await SiteBySiteAsync(solution, files, fix, cancellationToken).ConfigureAwait(false) is { } bySite)
        {
            return bySite;
        }

        foreach (var placed in placements.Where(placed => placed.Count < distinct.Count))
        {
            if (await FixedEverywhereAsync(solution, placed, fix, cancellationToken).ConfigureAwait(false) is { } moved)
            {
                return moved;
            }
        }

        return solution;
    }

    /// <summary>The fix of <paramref name="sites"/>, when it changes something and compiles everywhere; else null.</summary>
    private static async Task<Solution?> FixedEverywhereAsync(Solution solution, IReadOnlyList<FixSite> sites, Func<Solution, IReadOnlyList<FixSite>, CancellationToken, Task<Solution>> fix, CancellationToken cancellationToken)
    {
        var changed = await fix(solution, sites, cancellationToken).ConfigureAwait(false);
        return changed != solution && await CompilesEverywhereAsync(solution, changed, cancellationToken).ConfigureAwait(false) ? changed : null;
    }

    /// <summary>
    /// Each site alone, in the first copy (its own, then the others that compile it) where its fix compiles everywhere;
    /// then those sites together, each file's in the copy that holds the most of them (the others are left for a later
    /// run). Null when that does not compile either.
    /// </summary>
    private static async Task<Solution?> SiteBySiteAsync(Solution solution, List<FileSites> files, Func<Solution, IReadOnlyList<FixSite>, CancellationToken, Task<Solution>> fix, CancellationToken cancellationToken)
    {
        var together = new List<FixSite>();
        foreach (var file in files)
        {
            var good = new List<FixSite>();
            foreach (var (site, activeIn) in file.Sites)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var candidate in new[] { site }.Concat(file.Copies.Where(copy => copy != site.Document && activeIn.Contains(copy)).Select(copy => site with { Document = copy })))
                {
                    if (await FixedEverywhereAsync(solution, new[] { candidate }, fix, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        good.Add(candidate);
                        break;
                    }
                }
            }

            if (good.Count > 0)
            {
                together.AddRange(good.GroupBy(site => site.Document).OrderByDescending(g => g.Count()).ThenBy(g => file.Copies.IndexOf(g.Key)).First());
            }
        }

        return together.Count == 0 ? null : await FixedEverywhereAsync(solution, together, fix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every copy of <paramref name="document"/>'s file (itself included), in the order of their projects' names.</summary>
    private static List<DocumentId> CopiesOf(Solution solution, DocumentId document) =>
        (solution.GetDocument(document)?.GetLinkedDocumentIds() ?? ImmutableArray<DocumentId>.Empty)
            .Add(document)
            .OrderBy(id => solution.GetProject(id.ProjectId)?.Name, StringComparer.Ordinal)
            .ThenBy(id => id.Id)
            .ToList();

    /// <summary>The sites of one file, its copies, and the copies that compile each site.</summary>
    private sealed class FileSites
    {
        public FileSites(List<DocumentId> copies, List<(FixSite Site, HashSet<DocumentId> In)> sites)
        {
            Copies = copies;
            Sites = sites;
        }

        public List<DocumentId> Copies { get; }

        public List<(FixSite Site, HashSet<DocumentId> In)> Sites { get; }

        public int ActiveCount(DocumentId copy) => Sites.Count(site => site.In.Contains(copy));

        /// <summary>The sites <paramref name="copy"/> compiles, placed in it.</summary>
        public IEnumerable<FixSite> In(DocumentId copy) =>
            Sites.Where(site => site.In.Contains(copy)).Select(site => site.Site with { Document = copy });
    }

    /// <summary>
    /// Registers an action whose edit is cheap and local (a property in an initializer, a statement in Main). In a file
    /// with one target framework it is computed when applied, as it compiles there by construction; in a file linked into
    /// several target frameworks it is computed now and offered only when it compiles in every one of them.
    /// </summary>
    public static Task RegisterAsync(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, Func<CancellationToken, Task<Solution>> change) =>
        TryRegisterAsync(context, diagnostic, title, equivalenceKey, change);

    /// <summary>As <see cref="RegisterAsync"/>; false when nothing was registered, so the caller can offer another form.</summary>
    public static async Task<bool> TryRegisterAsync(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, Func<CancellationToken, Task<Solution>> change)
    {
        var solution = context.Document.Project.Solution;
        if (context.Document.GetLinkedDocumentIds().IsEmpty)
        {
            context.RegisterCodeFix(CodeAction.Create(title, ct => FixGuard.OrUnchangedAsync(solution, () => change(ct), ct), equivalenceKey), diagnostic);
            return true;
        }

        var changed = await Cleaned(solution, await change(context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
        if (changed != solution && await CompilesEverywhereAsync(solution, changed, context.CancellationToken).ConfigureAwait(false))
        {
            context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(changed), equivalenceKey), diagnostic);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The fix's result as the IDE and <c>dotnet format</c> apply it: a code action's changes go through the same clean-up
    /// (simplification, formatting of annotated nodes) before they are written, and only that text compiles or not.
    /// </summary>
    private static Func<Solution, IReadOnlyList<FixSite>, CancellationToken, Task<Solution>> WithCleanup(Func<Solution, IReadOnlyList<FixSite>, CancellationToken, Task<Solution>> fix) =>
        async (solution, sites, cancellationToken) =>
            await Cleaned(solution, await fix(solution, sites, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private static async Task<Solution> Cleaned(Solution solution, Solution changed, CancellationToken cancellationToken)
    {
        if (changed == solution)
        {
            return solution;
        }

        ImmutableArray<CodeActionOperation> operations;
        try
        {
            operations = await CodeAction.Create(string.Empty, _ => Task.FromResult(changed)).GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The clean-up throws on this code (Roslyn's simplifier on some half-typed code): applying the fix in the IDE
            // would throw the same way, so there is no fix here.
            return solution;
        }

        var cleaned = operations.OfType<ApplyChangesOperation>().LastOrDefault()?.ChangedSolution ?? changed;
        return await WithCopiesAgreeingAsync(solution, cleaned, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every copy of a changed file gets its new text. <c>dotnet format</c> applies one rule's Fix All after another and
    /// merges the copies only at the end: a copy left behind is merged against the changed one, and changes of two rules
    /// close together came out as merge-conflict markers (seen on a net8.0;net472 app).
    /// </summary>
    private static async Task<Solution> WithCopiesAgreeingAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        var changedIds = ChangedDocumentIds(original, changed);
        var result = changed;
        foreach (var id in changedIds)
        {
            var text = await changed.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            foreach (var linked in original.GetDocument(id)?.GetLinkedDocumentIds() ?? ImmutableArray<DocumentId>.Empty)
            {
                if (!changedIds.Contains(linked))
                {
                    result = result.WithDocumentText(linked, text);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// One site per place in the file: a site reported in two copies of a file (two target frameworks) is one, kept in the
    /// copy whose project name sorts first. The order is the file's and the project's, not the order the diagnostics came
    /// in: <c>dotnet format</c> analyses the projects side by side, and a site kept in whichever copy came first made the
    /// same command fix different sites from one run to the next (elastic-transport-net, issue #16's runs).
    /// </summary>
    private static List<FixSite> Distinct(Solution solution, IEnumerable<FixSite> sites)
    {
        var seen = new HashSet<(DocumentId, TextSpan)>();
        var distinct = new List<FixSite>();
        var ordered = sites
            .Select(site => (Site: site, Document: solution.GetDocument(site.Document)))
            .OrderBy(x => x.Document?.FilePath ?? x.Document?.Name, StringComparer.Ordinal)
            .ThenBy(x => x.Site.Span.Start)
            .ThenBy(x => x.Site.Span.Length)
            .ThenBy(x => x.Document?.Project.Name, StringComparer.Ordinal)
            .ThenBy(x => x.Site.Document.Id)
            .Select(x => x.Site);
        foreach (var site in ordered)
        {
            var linked = solution.GetDocument(site.Document)?.GetLinkedDocumentIds() ?? ImmutableArray<DocumentId>.Empty;
            if (!linked.Any(id => seen.Contains((id, site.Span))) && seen.Add((site.Document, site.Span)))
            {
                distinct.Add(site);
            }
        }

        return distinct;
    }
}

/// <summary>Where a fix applies: a span in one copy of a file.</summary>
internal readonly record struct FixSite(DocumentId Document, TextSpan Span)
{
    public static FixSite? Of(Solution solution, Diagnostic diagnostic) =>
        diagnostic.Location.IsInSource && solution.GetDocument(diagnostic.Location.SourceTree) is { } document
            ? new FixSite(document.Id, diagnostic.Location.SourceSpan)
            : null;
}

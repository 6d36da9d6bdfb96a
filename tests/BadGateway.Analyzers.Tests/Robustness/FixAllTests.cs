using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit.Abstractions;

namespace BadGateway.Analyzers.Tests.Robustness;

/// <summary>
/// Fix All on the well-formed corpus (tests/Corpus: the hand-written sources, real-code shapes included, and generated
/// files), each rule alone and all rules in one pass as <c>dotnet format analyzers</c> runs them (issue #14). After each
/// run: no exception from a provider or a Fix All, no compiler error the input did not have (per document and id; the
/// corpus compiles cleanly first), no BG diagnostic of any id that was not there before (see
/// <see cref="AnalyzerHarness.NewDiagnostics"/>: matched by id, document and line text, else message), and every comment kept.
/// </summary>
public class FixAllTests
{
    private const int Seed = 20261123;
    private const int GeneratedFiles = 8;
    private readonly ITestOutputHelper _output;

    public FixAllTests(ITestOutputHelper output) => _output = output;

    private sealed record Corpus(Project Project, ImmutableArray<Diagnostic> Diagnostics, List<string> Comments, int Lines);

    private static async Task<Corpus> LoadAsync()
    {
        var sources = CorpusGenerator.HandWritten().Concat(CorpusGenerator.Generate(GeneratedFiles, Seed)).ToList();
        var project = await AnalyzerHarness.CreateProjectAsync(sources);
        Assert.Empty(await AnalyzerHarness.ErrorsAsync(project));
        var (diagnostics, exceptions) = await AnalyzerHarness.AnalyzeAsync(project);
        Assert.Empty(exceptions);
        return new Corpus(project, diagnostics, await AnalyzerHarness.CommentsAsync(project), sources.Sum(s => s.Text.Split('\n').Length));
    }

    [Fact]
    public async Task FixAllOfEachRuleAlone_ThrowsNothing_AddsNoErrorAndNoBGDiagnostic_KeepsComments()
    {
        var watch = Stopwatch.StartNew();
        var corpus = await LoadAsync();
        _output.WriteLine($"corpus: {corpus.Project.Documents.Count()} files, {corpus.Lines} lines, {Summary(corpus.Diagnostics)}");
        var failures = new List<string>();
        var runs = 0;

        // Every provider, asked for its actions on every diagnostic (what a lightbulb does), must not throw either.
        var actions = 0;
        foreach (var diagnostic in corpus.Diagnostics)
        {
            try
            {
                actions += (await AnalyzerHarness.FixesForAsync(corpus.Project, diagnostic)).Count;
            }
            catch (Exception exception)
            {
                failures.Add($"RegisterCodeFixesAsync threw on {AnalyzerHarness.Describe(diagnostic)}: {AnalyzerHarness.Short(exception)}");
            }
        }

        _output.WriteLine($"{actions} code actions offered for {corpus.Diagnostics.Length} diagnostics in {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var id in corpus.Diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal))
        {
            foreach (var fix in AnalyzerHarness.Fixes.Where(f => f.FixableDiagnosticIds.Contains(id)))
            {
                // Every key the fix declares (dotnet format takes the first action's; an IDE user may pick any), and null.
                foreach (var key in AnalyzerHarness.EquivalenceKeys(fix).Append(null))
                {
                    runs++;
                    var what = $"Fix All {key ?? $"{id} with a null key (dotnet format when its first diagnostic gets no action)"} alone";
                    Solution fixedSolution;
                    try
                    {
                        fixedSolution = await AnalyzerHarness.FixAllInSolutionAsync(corpus.Project.Solution, fix, id, key, corpus.Diagnostics);
                    }
                    catch (Exception exception)
                    {
                        failures.Add($"{what} threw {AnalyzerHarness.Short(exception)}");
                        continue;
                    }

                    var after = await CheckAsync(what, corpus, fixedSolution.GetProject(corpus.Project.Id)!, failures);
                    _output.WriteLine($"{what}: {id} {corpus.Diagnostics.Count(d => d.Id == id)} -> {after.Count(d => d.Id == id)}, {ChangedDocuments(corpus.Project, fixedSolution)} files changed; after: {Summary(after)}");
                }
            }
        }

        _output.WriteLine($"{runs} Fix All runs in {watch.Elapsed.TotalSeconds:F1} s");
        Report(failures);
        Assert.True(runs >= 5, $"Only {runs} Fix All runs.");
    }

    [Fact]
    public async Task FixAllOfAllRulesInOnePass_AsDotnetFormat_ThrowsNothing_AddsNoErrorAndNoBGDiagnostic_KeepsComments()
    {
        var watch = Stopwatch.StartNew();
        var corpus = await LoadAsync();
        _output.WriteLine($"corpus: {corpus.Project.Documents.Count()} files, {corpus.Lines} lines, {Summary(corpus.Diagnostics)}");
        var failures = new List<string>();
        var solution = corpus.Project.Solution;
        var reported = new Dictionary<string, int>(StringComparer.Ordinal);

        // dotnet format (AnalyzerFormatter.FixDiagnosticsAsync): for each reported id in turn, analyze the solution as the
        // previous ids left it, then each fix of the id runs Fix All in solution scope with the key of the first action it
        // registers for the first diagnostic. Here the ids go in order, BG0101 first.
        foreach (var id in corpus.Diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal))
        {
            foreach (var fix in AnalyzerHarness.Fixes.Where(f => f.FixableDiagnosticIds.Contains(id)))
            {
                ImmutableArray<Diagnostic> current;
                try
                {
                    (current, var exceptions) = await AnalyzerHarness.AnalyzeAsync(solution.GetProject(corpus.Project.Id)!);
                    failures.AddRange(exceptions.Select(e => $"before Fix All {id}: analyzer threw {e}"));
                }
                catch (Exception exception)
                {
                    // What stops dotnet format; here the code is parsed again from its text to go on with the next ids.
                    failures.Add($"before Fix All {id}: compiling the trees the previous fixes left threw {AnalyzerHarness.Short(exception)}");
                    solution = await AnalyzerHarness.ReparsedAsync(solution, corpus.Project.Id);
                    (current, _) = await AnalyzerHarness.AnalyzeAsync(solution.GetProject(corpus.Project.Id)!);
                }

                // dotnet format takes the first diagnostic the analysis returns; here the first in file and position order.
                var ofId = current.Where(d => d.Id == id)
                    .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                    .ThenBy(d => d.Location.SourceSpan.Start)
                    .ToImmutableArray();
                if (ofId.IsEmpty)
                {
                    _output.WriteLine($"{id}: nothing left to fix");
                    continue;
                }

                try
                {
                    // dotnet format asks the first diagnostic it has; when that one gets no action, the key is null. Here the
                    // first that gets one (null-key runs are in the test of each rule alone).
                    string? key = null;
                    foreach (var diagnostic in ofId)
                    {
                        if ((key = await AnalyzerHarness.FirstEquivalenceKeyAsync(solution, fix, diagnostic)) is not null)
                        {
                            break;
                        }
                    }

                    var next = await AnalyzerHarness.FixAllInSolutionAsync(solution, fix, id, key, ofId);
                    _output.WriteLine($"Fix All {key ?? "(no diagnostic gets an action)"} on {ofId.Length} {id}: {ChangedDocuments(solution.GetProject(corpus.Project.Id)!, next)} files changed");
                    reported[id] = ofId.Length;
                    solution = next;
                }
                catch (Exception exception)
                {
                    // dotnet format logs "Failed to apply code fix" and goes on with the solution unchanged.
                    failures.Add($"Fix All {id} ({fix.GetType().Name}) threw {AnalyzerHarness.Short(exception)}");
                }
            }
        }

        var final = await CheckAsync("Fix All of all rules in one pass", corpus, solution.GetProject(corpus.Project.Id)!, failures);
        var fixedCount = reported.Sum(r => Math.Max(0, r.Value - final.Count(d => d.Id == r.Key)));
        _output.WriteLine($"one pass: {Summary(corpus.Diagnostics)} -> {Summary(final)}; {fixedCount} diagnostics fixed, {ChangedDocuments(corpus.Project, solution)} files changed, {watch.Elapsed.TotalSeconds:F1} s");
        Report(failures);
        Assert.True(fixedCount > 0, "The one pass fixed nothing.");
    }

    /// <summary>Records in <paramref name="failures"/> what <paramref name="fixedProject"/> broke; returns its BG diagnostics.</summary>
    private static async Task<ImmutableArray<Diagnostic>> CheckAsync(string what, Corpus corpus, Project fixedProject, List<string> failures)
    {
        try
        {
            await AnalyzerHarness.ErrorsAsync(fixedProject);
        }
        catch (Exception exception)
        {
            failures.Add($"{what}: compiling the syntax trees the fix made threw (dotnet format's crash) {AnalyzerHarness.Short(exception)}");
        }

        // From here on, the code as written to disk: every document parsed again from its text.
        fixedProject = (await AnalyzerHarness.ReparsedAsync(fixedProject.Solution, fixedProject.Id)).GetProject(fixedProject.Id)!;
        var errorsBefore = await AnalyzerHarness.ErrorsByDocumentAsync(corpus.Project);
        foreach (var (key, errors) in await AnalyzerHarness.ErrorsByDocumentAsync(fixedProject))
        {
            var before = errorsBefore.TryGetValue(key, out var old) ? old.Count : 0;
            if (errors.Count > before)
            {
                failures.Add($"{what}: {errors.Count - before} new {key.Id} in {key.Document}: {string.Join(" || ", errors.Take(3))}");
            }
        }

        var (after, exceptions) = await AnalyzerHarness.AnalyzeAsync(fixedProject);
        failures.AddRange(exceptions.Select(e => $"{what}: analyzer threw on the output: {e}"));
        failures.AddRange(AnalyzerHarness.NewDiagnostics(corpus.Diagnostics, after).Select(d => $"{what}: new {AnalyzerHarness.Describe(d)}"));

        var lost = AnalyzerHarness.LostComments(corpus.Comments, await AnalyzerHarness.CommentsAsync(fixedProject));
        if (lost.Count > 0)
        {
            failures.Add($"{what}: dropped comments: {string.Join(" | ", lost)}");
        }

        return after;
    }

    private void Report(List<string> failures)
    {
        foreach (var failure in failures)
        {
            _output.WriteLine("FAIL " + failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures));
    }

    private static string Summary(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(", ", diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}")) is { Length: > 0 } text
            ? text
            : "no BG diagnostic";

    private static int ChangedDocuments(Project before, Solution after) =>
        after.GetChanges(before.Solution).GetProjectChanges().Sum(p => p.GetChangedDocuments().Count());
}

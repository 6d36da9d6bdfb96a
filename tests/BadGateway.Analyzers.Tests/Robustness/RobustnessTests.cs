using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Corpus;
using Xunit.Abstractions;

namespace BadGateway.Analyzers.Tests.Robustness;

/// <summary>
/// The three guarantees that keep an analyzer package switched on: it never throws on half-typed code, its fixes
/// compile and keep comments, and Fix All is idempotent. The corpus: tests/Corpus (hand-written and generated).
/// </summary>
public class RobustnessTests
{
    private const int Seed = 20261123;
    private readonly ITestOutputHelper _output;

    public RobustnessTests(ITestOutputHelper output) => _output = output;

    private static IReadOnlyList<(string Name, string Text)> Corpus(int generated) =>
        CorpusGenerator.HandWritten().Concat(CorpusGenerator.Generate(generated, Seed)).ToList();

    [Fact]
    public void Corpus_IsSeveralThousandLinesWithEveryRulesPattern()
    {
        var corpus = Corpus(generated: 20);
        var lines = corpus.Sum(f => f.Text.Split('\n').Length);
        _output.WriteLine($"corpus: {corpus.Count} files, {lines} lines");
        Assert.True(lines >= 2000, $"The robustness corpus has only {lines} lines.");
    }

    [Fact]
    public async Task BrokenVariants_NoAnalyzerAndNoCodeFixThrows()
    {
        var corpus = Corpus(generated: 6);
        var variants = corpus
            .SelectMany((file, i) => Mutations.Of(file.Text, Seed + i, truncations: 12).Select(v => (File: file.Name, v.Description, v.Text)))
            .ToList();
        var failures = new ConcurrentBag<string>();
        var diagnosticCount = 0;
        var actionCount = 0;

        await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (variant, cancellationToken) =>
        {
            var where = $"{variant.File}, {variant.Description} (seed {Seed})";
            try
            {
                var project = await AnalyzerHarness.CreateProjectAsync(new[] { (variant.File, variant.Text) }).ConfigureAwait(false);
                var (diagnostics, exceptions) = await AnalyzerHarness.AnalyzeAsync(project, cancellationToken).ConfigureAwait(false);
                foreach (var exception in exceptions)
                {
                    failures.Add($"{where}: analyzer threw {exception}");
                }

                Interlocked.Add(ref diagnosticCount, diagnostics.Length);
                foreach (var diagnostic in diagnostics)
                {
                    foreach (var action in await AnalyzerHarness.FixesForAsync(project, diagnostic, cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref actionCount);
                        await AnalyzerHarness.ApplyAsync(action, project.Solution, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception exception)
            {
                failures.Add($"{where}: {exception}");
            }
        });

        _output.WriteLine($"{variants.Count} broken variants, {diagnosticCount} BG diagnostics, {actionCount} code actions computed");
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(5)));
        Assert.True(variants.Count > 300, $"Only {variants.Count} variants.");
    }

    [Fact]
    public async Task WellFormedCorpus_EveryFixCompiles_RemovesItsDiagnostic_AndKeepsComments()
    {
        var project = await AnalyzerHarness.CreateProjectAsync(Corpus(generated: 8));
        Assert.Empty(await AnalyzerHarness.ErrorsAsync(project));
        var (diagnostics, exceptions) = await AnalyzerHarness.AnalyzeAsync(project);
        Assert.Empty(exceptions);
        foreach (var id in new[] { "BG0101", "BG0102", "BG0201", "BG0301", "BG0302" })
        {
            Assert.Contains(diagnostics, d => d.Id == id);
        }

        var comments = await AnalyzerHarness.CommentsAsync(project);
        var offered = 0;
        var compiling = 0;
        var failures = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            foreach (var action in await AnalyzerHarness.FixesForAsync(project, diagnostic))
            {
                offered++;
                var what = $"{diagnostic.Id} '{action.Title}' at {diagnostic.Location.GetLineSpan()}";
                var fixedProject = (await AnalyzerHarness.ApplyAsync(action, project.Solution)).GetProject(project.Id)!;
                var errors = await AnalyzerHarness.ErrorsAsync(fixedProject);
                if (errors.Count > 0)
                {
                    failures.Add($"{what} does not compile: {string.Join("; ", errors.Take(3))}");
                    continue;
                }

                compiling++;
                var (after, _) = await AnalyzerHarness.AnalyzeAsync(fixedProject);
                var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
                if (after.Count(d => d.Id == diagnostic.Id && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture) == message)
                    >= diagnostics.Count(d => d.Id == diagnostic.Id && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture) == message))
                {
                    failures.Add($"{what} left its diagnostic in place.");
                }

                var lost = AnalyzerHarness.LostComments(comments, await AnalyzerHarness.CommentsAsync(fixedProject));
                if (lost.Count > 0)
                {
                    failures.Add($"{what} dropped comments: {string.Join(" | ", lost)}");
                }
            }
        }

        _output.WriteLine($"{diagnostics.Length} BG diagnostics ({string.Join(", ", diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}), {offered} fixes offered, {compiling} compiling");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(offered > 0);
        Assert.Equal(offered, compiling);
    }

    [Fact]
    public async Task FixAllPerRule_Compiles_KeepsComments_AndIsIdempotent()
    {
        var project = await AnalyzerHarness.CreateProjectAsync(Corpus(generated: 8));
        var comments = await AnalyzerHarness.CommentsAsync(project);
        var (diagnostics, _) = await AnalyzerHarness.AnalyzeAsync(project);
        var runs = 0;
        foreach (var fix in AnalyzerHarness.Fixes)
        {
            var keys = new HashSet<string>();
            foreach (var diagnostic in diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)))
            {
                foreach (var action in await AnalyzerHarness.FixesForAsync(project, diagnostic))
                {
                    keys.Add(action.EquivalenceKey!);
                }
            }

            foreach (var key in keys)
            {
                runs++;
                var once = (await AnalyzerHarness.FixAllAsync(project, fix, key, diagnostics)).GetProject(project.Id)!;
                Assert.Empty(await AnalyzerHarness.ErrorsAsync(once));
                Assert.Empty(AnalyzerHarness.LostComments(comments, await AnalyzerHarness.CommentsAsync(once)));
                var (remaining, _) = await AnalyzerHarness.AnalyzeAsync(once);
                Assert.True(
                    remaining.Count(d => fix.FixableDiagnosticIds.Contains(d.Id)) < diagnostics.Count(d => fix.FixableDiagnosticIds.Contains(d.Id)),
                    $"Fix All {key} fixed nothing.");

                var twice = (await AnalyzerHarness.FixAllAsync(once, fix, key, remaining)).GetProject(project.Id)!;
                foreach (var document in once.Documents)
                {
                    var first = (await document.GetTextAsync()).ToString();
                    var second = (await twice.GetDocument(document.Id)!.GetTextAsync()).ToString();
                    Assert.True(first == second, $"Fix All {key} changed {document.Name} the second time.");
                }

                _output.WriteLine($"Fix All {key}: {diagnostics.Count(d => fix.FixableDiagnosticIds.Contains(d.Id))} -> {remaining.Count(d => fix.FixableDiagnosticIds.Contains(d.Id))} diagnostics; second run: no change");
            }
        }

        Assert.True(runs >= 3, $"Only {runs} Fix All runs.");
    }
}

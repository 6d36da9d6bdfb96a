using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.Corpus;
using BadGateway.Analyzers.Fuzz;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace BadGateway.Analyzers.Tests.Robustness;

/// <summary>
/// The fuzz command (tests/Fuzz) in CI: a fixed, seeded slice of it over our own corpus, and the checks that it would
/// see a failure if there were one. The long runs over the real-world corpus are by hand (docs/robustness.md).
/// </summary>
public class FuzzTests
{
    private const int SliceSeed = 20261202;
    private const int SliceInputs = 1000;
    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Fuzz_SliceOfOwnCorpus_NoExceptionAndEveryFixOutputParses()
    {
        var corpus = await SourceSet.OwnCorpusAsync(generatedFiles: 20, seed: SliceSeed);
        var summary = await FuzzRun.RunAsync(new FuzzRunOptions(new[] { corpus }, SliceInputs, SliceSeed) { Minimise = false });
        _output.WriteLine(summary.Describe());

        Assert.True(summary.Failures.Count == 0, string.Join("\n\n", summary.Failures.Select(f => $"{f.Failure.Key}\n{f.File} variant {f.Variant}: {f.Description}\n{f.Failure.Detail}")));
        Assert.Equal(SliceInputs, summary.Inputs);

        // The slice must reach every rule and its fixes, or it proves little.
        foreach (var id in new[] { "BG0101", "BG0102", "BG0201", "BG0301", "BG0302" })
        {
            Assert.True(summary.DiagnosticsPerId.TryGetValue(id, out var count) && count > 0, $"The slice has no {id} report.");
        }

        Assert.True(summary.ActionsApplied > SliceInputs / 4, $"Only {summary.ActionsApplied} code actions applied.");
        Assert.True(summary.FixAlls > SliceInputs / 4, $"Only {summary.FixAlls} Fix All runs.");
    }

    [Fact]
    public async Task FuzzEngine_AnalyzerThatThrows_IsAFailureOfItsAnalyzer()
    {
        var engine = new FuzzEngine(TimeSpan.FromSeconds(60), ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowsOnInvocations()), ImmutableArray<CodeFixProvider>.Empty);

        var outcome = await engine.RunAsync(await OwnCorpusAsync(), "Throws.cs", "class C { void M() { M(); } }");

        var failure = Assert.Single(outcome.Failures.Where(f => f.Phase == "analyzer ThrowsOnInvocations"));
        Assert.StartsWith("InvalidOperationException", failure.Signature, StringComparison.Ordinal);
        Assert.Contains(outcome.Failures, f => f.Phase == "analyzer-sequential ThrowsOnInvocations");
    }

    [Fact]
    public async Task FuzzEngine_AnalyzerThatDoesNotThrow_NoFailure()
    {
        var engine = new FuzzEngine(TimeSpan.FromSeconds(60), ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowsOnInvocations()), ImmutableArray<CodeFixProvider>.Empty);

        var outcome = await engine.RunAsync(await OwnCorpusAsync(), "Quiet.cs", "class C { int M() => 1; }");

        Assert.Empty(outcome.Failures);
    }

    [Fact]
    public async Task FuzzEngine_FixThatThrowsOrIsSwallowed_IsAFailureOfItsStep()
    {
        var engine = new FuzzEngine(TimeSpan.FromSeconds(60), FuzzEngine.AllAnalyzers, ImmutableArray.Create<CodeFixProvider>(new ThrowingFix(guarded: false), new ThrowingFix(guarded: true)));
        const string Source = """
            using System.Threading.Tasks;

            class C
            {
                int M(Task<int> task) => task.Result;
            }
            """;

        var outcome = await engine.RunAsync(await OwnCorpusAsync(), "Fix.cs", Source);

        Assert.Contains("BG0101", outcome.Diagnostics);
        Assert.Contains(outcome.Failures, f => f.Phase == "fix-registration ThrowingFix" && f.Signature.StartsWith("NotSupportedException", StringComparison.Ordinal));
        Assert.Contains(outcome.Failures, f => f.Phase == "swallowed-by-fix-registration ThrowingFix" && f.Signature.StartsWith("NotSupportedException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Minimiser_KeepsTheFailingCoreOnly()
    {
        var lines = Enumerable.Range(0, 200).Select(i => $"int f{i} = {i};").ToList();
        lines.Insert(137, "var boom = Boom();");
        var input = string.Join("\n", lines);

        var minimised = await Minimiser.MinimiseAsync(input, candidate => Task.FromResult(candidate.Contains("Boom()", StringComparison.Ordinal)), CancellationToken.None);

        Assert.Contains("Boom()", minimised, StringComparison.Ordinal);
        Assert.True(minimised.Length <= "Boom()".Length + 2, $"Not minimised: '{minimised}'");
    }

    [Fact]
    public void Mutator_SameSeed_SameVariant_AndEveryKindOfBreakage()
    {
        var text = CorpusGenerator.HandWritten().First(f => f.Name == "OrderService.cs").Text;
        var mutator = new Mutator(text);

        var first = Enumerable.Range(0, 400).Select(seed => mutator.Next(new Random(seed))).ToList();
        var again = Enumerable.Range(0, 400).Select(seed => mutator.Next(new Random(seed))).ToList();

        Assert.Equal(first, again);
        Assert.All(first, v => Assert.NotEqual(text, v.Text));
        var descriptions = string.Join("\n", first.Select(v => v.Description));
        foreach (var kind in new[] { "cut before", "deleted", "duplicated", "swapped", "extra '", "'?.' in place", "'.Result' typed", "'await ' typed", "'async ' typed", "'=> ' typed", "'new HttpClient(' typed" })
        {
            Assert.Contains(kind, descriptions, StringComparison.Ordinal);
        }
    }

    private static Task<SourceSet> OwnCorpusAsync() => SourceSet.OwnCorpusAsync(generatedFiles: 0, seed: SliceSeed);

#pragma warning disable RS1036, RS1038, RS1041, RS2008 // A test fixture, never loaded by a compiler.
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowsOnInvocations : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST0001", "Test", "Test", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("an analyzer bug"), SyntaxKind.InvocationExpression);
        }
    }
#pragma warning restore RS1036, RS1038, RS1041, RS2008

    /// <summary>A BG0101 fix that throws, on its own or inside the fix guard every real provider uses.</summary>
    private sealed class ThrowingFix : CodeFixProvider
    {
        private readonly bool _guarded;

        public ThrowingFix(bool guarded) => _guarded = guarded;

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("BG0101");

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => _guarded
            ? FixGuard.RegisterAsync(context, _ => throw new NotSupportedException("a fix bug"))
            : throw new NotSupportedException("a fix bug");
    }
}

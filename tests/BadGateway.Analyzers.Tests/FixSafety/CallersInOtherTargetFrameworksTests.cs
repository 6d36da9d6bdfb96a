using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Corpus;
using BadGateway.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Tests.FixSafety;

/// <summary>
/// A method made async in a multi-targeting project whose only caller in some file is compiled for other target
/// frameworks than the one the fix is computed in (<c>#if !NETFRAMEWORK</c> around the file, as elastic-transport-net's
/// HttpRequestInvoker.cs). Found on the real-world corpus: Fix All renamed <c>EnsureCompleted</c> computed in net462's
/// copies, left the call in that file unrenamed, and the net8.0 build failed with CS1061. The rename must reach every
/// caller of every target framework, whichever copy of the declaring file the fix starts from.
/// </summary>
public class CallersInOtherTargetFrameworksTests
{
    private const string Helper = """
        using System.Threading.Tasks;

        internal static class Helper
        {
            public static int Get(Task<int> t) => t.Result;
        }
        """;

    private const string Classic = """
        using System.Threading.Tasks;

        internal class Classic
        {
            public int Run(Task<int> t) => Helper.Get(t) + 1;
        }
        """;

    private const string Modern = """
        #if !NETFRAMEWORK
        using System.Threading.Tasks;

        internal class Modern
        {
            public async Task<int> RunAsync(Task<int> t)
            {
                await Task.Yield();
                return Helper.Get(t);
            }
        }
        #endif
        """;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task MakeAsync_FromEitherTargetFramework_RenamesTheCallerOnlyTheOtherOneCompiles(int target)
    {
        var (solution, projects) = await CreateAsync();
        var project = solution.GetProject(projects[target])!;
        var diagnostic = Assert.Single((await AnalyzerHarness.AnalyzeAsync(project)).Diagnostics, d => d.Id == DiagnosticIds.BlockingWait);
        var actions = await AnalyzerHarness.FixesForAsync(project, diagnostic);
        var makeAsync = Assert.Single(actions, a => a.EquivalenceKey == BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);

        var changed = await AnalyzerHarness.ApplyAsync(makeAsync, solution);

        await AssertConvertedEverywhereAsync(solution, projects, changed);
    }

    [Fact]
    public async Task FixAll_OverEveryCopy_AsDotnetFormat_RenamesTheCallerOnlyTheOtherOneCompiles()
    {
        var (solution, projects) = await CreateAsync();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var id in projects.Reverse())
        {
            diagnostics.AddRange((await AnalyzerHarness.AnalyzeAsync(solution.GetProject(id)!)).Diagnostics.Where(d => d.Id == DiagnosticIds.BlockingWait));
        }

        var fix = AnalyzerHarness.Fixes.Single(f => f.FixableDiagnosticIds.Contains(DiagnosticIds.BlockingWait));
        var context = new FixAllContext(
            solution.GetProject(projects[1])!,
            fix,
            FixAllScope.Solution,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
            fix.FixableDiagnosticIds,
            new StaticDiagnosticProvider(diagnostics.ToImmutable()),
            CancellationToken.None);
        var action = await fix.GetFixAllProvider()!.GetFixAsync(context);

        var changed = await AnalyzerHarness.ApplyAsync(action!, solution);

        await AssertConvertedEverywhereAsync(solution, projects, changed);
    }

    /// <summary>Helper.Get became GetAsync, both callers await it (Classic.Run made async too), and both frameworks compile.</summary>
    private static async Task AssertConvertedEverywhereAsync(Solution original, ImmutableArray<ProjectId> projects, Solution changed)
    {
        // As the workspace writes it: each changed copy's text goes to the file, so every copy reads it.
        var written = original;
        var texts = new Dictionary<string, string>();
        foreach (var id in projects)
        {
            foreach (var document in changed.GetProject(id)!.Documents)
            {
                var text = (await document.GetTextAsync()).ToString();
                if (text != (await original.GetDocument(document.Id)!.GetTextAsync()).ToString())
                {
                    Assert.True(!texts.TryGetValue(document.FilePath!, out var other) || other == text, "Two copies of " + document.FilePath + " were changed differently");
                    texts[document.FilePath!] = text;
                }
            }
        }

        foreach (var document in projects.SelectMany(id => original.GetProject(id)!.Documents))
        {
            if (texts.TryGetValue(document.FilePath!, out var text))
            {
                written = written.WithDocumentText(document.Id, SourceText.From(text));
            }
        }

        Assert.Equal(
            """
            using System.Threading.Tasks;

            internal static class Helper
            {
                public static async Task<int> GetAsync(Task<int> t) => await t;
            }
            """,
            texts["/consumer/Helper.cs"]);
        Assert.Equal(
            """
            using System.Threading.Tasks;

            internal class Classic
            {
                public async Task<int> RunAsync(Task<int> t) => await Helper.GetAsync(t) + 1;
            }
            """,
            texts["/consumer/Classic.cs"]);
        Assert.True(texts.ContainsKey("/consumer/Modern.cs"), "Modern.cs, compiled for net8.0 only, was not changed");
        Assert.Equal(
            """
            #if !NETFRAMEWORK
            using System.Threading.Tasks;

            internal class Modern
            {
                public async Task<int> RunAsync(Task<int> t)
                {
                    await Task.Yield();
                    return await Helper.GetAsync(t);
                }
            }
            #endif
            """,
            texts["/consumer/Modern.cs"]);
        foreach (var id in projects)
        {
            var compilation = (await written.GetProject(id)!.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{written.GetProject(id)!.Name}: {d}"));
        }
    }

    private static Task<(Solution Solution, ImmutableArray<ProjectId> Projects)> CreateAsync() =>
        MultiTargetProject.CreateSolutionAsync(
            new[] { ("Helper.cs", Helper), ("Classic.cs", Classic), ("Modern.cs", Modern) },
            OutputKind.DynamicallyLinkedLibrary,
            MultiTargetProject.Net80,
            MultiTargetProject.Net472);
}

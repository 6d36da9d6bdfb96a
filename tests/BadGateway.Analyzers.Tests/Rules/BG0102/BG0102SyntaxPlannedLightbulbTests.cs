using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// Issue #16: BG0102's lightbulb decides from syntax and the diagnostic, without binding the method around the call,
/// wherever that settles the plan (a long async method of nilaoda/N_m3u8DL-RE took up to 100 ms to bind). A settled
/// answer must be the semantic plan's answer, and the shapes only the semantic model can settle must go to it.
/// </summary>
public class BG0102SyntaxPlannedLightbulbTests
{
    /// <summary>Name, source with one BG0102 report, the syntax plan (null: the semantic model decides), whether the fix is offered.</summary>
    public static IEnumerable<object?[]> Shapes() => new[]
    {
        // The common case: a sync call awaitable in place, in an async method.
        new object?[]
        {
            "AsyncMethod",
            """
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                async Task<int> ReadAsync(Stream s, byte[] b) { await Task.Yield(); return s.Read(b, 0, b.Length); }
            }
            """,
            true, true,
        },

        // Thread.Sleep in an async lambda: Task.Delay.
        new object?[]
        {
            "AsyncLambda",
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class C
            {
                Func<Task> Pause = async () => { await Task.Yield(); Thread.Sleep(10); };
            }
            """,
            true, true,
        },

        // An async local function inside a sync method.
        new object?[]
        {
            "AsyncLocalFunction",
            """
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                Task Write(Stream s, byte[] b)
                {
                    return Local();
                    async Task Local() { await Task.Yield(); s.Write(b, 0, b.Length); }
                }
            }
            """,
            true, true,
        },

        // A real span where the sibling takes memory: reported, no fix, and the diagnostic says so.
        new object?[]
        {
            "SpanArgument",
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                async Task<int> ReadAsync(Stream s)
                {
                    await Task.Yield();
                    Span<byte> b = stackalloc byte[16];
                    return s.Read(b);
                }
            }
            """,
            false, false,
        },

        // A call behind a conditional access that is not a statement of its own: an await cannot go there.
        new object?[]
        {
            "InsideConditionalAccess",
            """
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                async Task<string?> ReadAsync(StreamReader? r) { await Task.Yield(); return r?.BaseStream.ToString() + r?.ReadToEnd().Trim(); }
            }
            """,
            null, false,
        },

        // s?.Flush(); as a statement: the null check depends on what s is, which the semantic model says.
        new object?[]
        {
            "NullConditionalStatement",
            """
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                async Task FlushAsync(Stream? s) { await Task.Yield(); s?.Flush(); }
            }
            """,
            null, true,
        },

        // A Task-returning method that is not async yet: whether it can become async is the semantic plan's question.
        new object?[]
        {
            "TaskReturningMethod",
            """
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                Task<string> ReadAsync(StreamReader r) => Task.FromResult(r.ReadToEnd());
            }
            """,
            null, true,
        },

        // An async iterator: the fix does not put an await among the yields.
        new object?[]
        {
            "AsyncIterator",
            """
            using System.Collections.Generic;
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                async IAsyncEnumerable<string?> LinesAsync(StreamReader r) { await Task.Yield(); yield return r.ReadLine(); }
            }
            """,
            false, false,
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task SyntaxPlan_AgreesWithTheSemanticPlan(string name, string source, bool? fromSyntax, bool offered)
    {
        var project = await AnalyzerHarness.CreateProjectAsync(new[] { (name + ".cs", source) });
        var diagnostic = Assert.Single((await AnalyzerHarness.AnalyzeAsync(project)).Diagnostics, d => d.Id == DiagnosticIds.SyncCallInAsyncCode);
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var root = await document.GetSyntaxRootAsync();

        Assert.Equal(fromSyntax, BG0102SyncCallInAsyncCodeCodeFixProvider.PlanFromSyntax(root!, diagnostic));

        // A diagnostic that does not say what the analyzer found (made by hand) is always checked against the code.
        var byHand = Diagnostic.Create(diagnostic.Descriptor, diagnostic.Location, diagnostic.Properties.Remove("ArgumentsConvert"));
        Assert.Null(BG0102SyncCallInAsyncCodeCodeFixProvider.PlanFromSyntax(root!, byHand));
        Assert.Equal(offered, await BG0102SyncCallInAsyncCodeCodeFixProvider.PlansAnEditAsync(document, diagnostic.Location.SourceSpan, reported: null, CancellationToken.None));
        Assert.Equal(offered, await BG0102SyncCallInAsyncCodeCodeFixProvider.PlansAnEditAsync(document, diagnostic.Location.SourceSpan, diagnostic, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task OfferedAction_ChangesTheCode(string name, string source, bool? fromSyntax, bool offered)
    {
        _ = fromSyntax;
        var project = await AnalyzerHarness.CreateProjectAsync(new[] { (name + ".cs", source) });
        var diagnostic = Assert.Single((await AnalyzerHarness.AnalyzeAsync(project)).Diagnostics, d => d.Id == DiagnosticIds.SyncCallInAsyncCode);
        var actions = await AnalyzerHarness.FixesForAsync(project, diagnostic);

        Assert.Equal(offered ? new[] { BG0102SyncCallInAsyncCodeCodeFixProvider.EquivalenceKey } : new string[0], actions.Select(a => a.EquivalenceKey));
        foreach (var action in actions)
        {
            var changed = await AnalyzerHarness.ApplyAsync(action, project.Solution);
            Assert.NotSame(project.Solution, changed);
            Assert.Empty(await AnalyzerHarness.ErrorsAsync(changed.GetProject(project.Id)!));
        }
    }

    /// <summary>The analyzer says on every report whether the arguments convert: False only where a span cannot become memory.</summary>
    [Fact]
    public async Task ArgumentsConvertProperty_FalseOnlyWhereASpanCannotBecomeMemory()
    {
        var project = await AnalyzerHarness.CreateProjectAsync(new[] { ("Spans.cs", """
            using System;
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                async Task<int> ReadAsync(Stream s, byte[] array)
                {
                    await Task.Yield();
                    Span<byte> b = stackalloc byte[16];
                    return s.Read(b) + s.Read(array.AsSpan()) + s.Read(array);
                }
            }
            """) });
        var diagnostics = (await AnalyzerHarness.AnalyzeAsync(project)).Diagnostics
            .Where(d => d.Id == DiagnosticIds.SyncCallInAsyncCode)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToList();

        Assert.Equal(new[] { "False", "False", "True" }, diagnostics.Select(d => d.Properties["ArgumentsConvert"]));
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// Issue #16: in a file of one target framework, BG0101's wrapper and Make async are offered from the conversions' plans
/// (<see cref="AsyncConversion.PlansAsync"/>) and computed when applied. The lightbulb may do that only because a plan
/// says what the computed conversion does: a settled plan (true or false) agrees with the conversion, and every action
/// offered that way changes the code.
/// </summary>
public class BG0101PlannedLightbulbTests
{
    public static IEnumerable<object?[]> Shapes() => new[]
    {
        // A private helper with a caller: Make async plans the helper and its caller (the breaking form too: nothing public
        // is in the way); no wrapper is asked (not public API).
        new object?[]
        {
            "PrivateHelper",
            """
            using System.Threading.Tasks;
            class C
            {
                int Get(Task<int> t) => t.Result;
                int Use(Task<int> t) => Get(t) + 1;
            }
            """,
            null, true, true,
        },

        // A method used as a delegate cannot change its signature: nothing is planned.
        new object?[]
        {
            "MethodGroup",
            """
            using System;
            using System.Threading.Tasks;
            class C
            {
                int Get(Task<int> t) => t.Result;
                Func<Task<int>, int> Getter => Get;
            }
            """,
            null, false, false,
        },

        // Public API of a library: the wrapper is planned, Make async stops at the public API, the breaking form plans it.
        new object?[]
        {
            "PublicApi",
            """
            using System.Threading.Tasks;
            public class Api
            {
                public int Get(Task<int> t) => t.Result;
            }
            """,
            true, false, true,
        },

        // A caller inside a lambda that would change its call's meaning once async: the edited code's check decides only
        // whether that caller awaits or keeps a blocking boundary, so the plan is settled without it (issue #16: the
        // plan no longer walks the callers).
        new object?[]
        {
            "CallerInLambda",
            """
            using System.Linq;
            using System.Threading.Tasks;
            class C
            {
                int Get(Task<int> t) => t.Result;
                int[] All(Task<int>[] ts) => ts.Select(t => Get(t)).ToArray();
            }
            """,
            null, true, true,
        },

        // A chain of callers made async one after the other: the plan decides on Get alone, the conversion reaches Top.
        new object?[]
        {
            "CallerChain",
            """
            using System.Threading.Tasks;
            class C
            {
                int Get(Task<int> t) => t.Result;
                int Middle(Task<int> t) => Get(t) * 2;
                int Top(Task<int> t) => Middle(t) + 1;
            }
            """,
            null, true, true,
        },

        // Get's only caller is used as a delegate, so it cannot be made async and would block on GetAsync(t) instead:
        // Get is not made async either (the wait would only move up).
        new object?[]
        {
            "CallerUsedAsDelegate",
            """
            using System;
            using System.Threading.Tasks;
            class C
            {
                int Get(Task<int> t) => t.Result;
                int Use(Task<int> t) => Get(t) + 1;
                Func<Task<int>, int> User => Use;
            }
            """,
            null, false, false,
        },

        // One of Get's callers is used as a delegate, the other is async: Get is made async, Use keeps the boundary.
        new object?[]
        {
            "OneCallerUsedAsDelegateOneAsync",
            """
            using System;
            using System.Threading.Tasks;
            class C
            {
                int Get(Task<int> t) => t.Result;
                int Use(Task<int> t) => Get(t) + 1;
                Func<Task<int>, int> User => Use;
                async Task<int> UseLaterAsync(Task<int> t) { await Task.Yield(); return Get(t); }
            }
            """,
            null, true, true,
        },

        // Public API of a library with async callers in the library: the wrapper is planned without them, and its
        // computed form awaits the sibling there.
        new object?[]
        {
            "PublicApiWithAsyncCaller",
            """
            using System.Threading.Tasks;
            public class Api
            {
                public int Get(Task<int> t) => t.Result;
                public async Task<int> UseAsync(Task<int> t) { await Task.Yield(); return Get(t); }
            }
            """,
            true, false, true,
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Plan_AgreesWithTheComputedConversion(string name, string source, bool? wrapper, bool? makeAsync, bool? breaking)
    {
        var project = await AnalyzerHarness.CreateProjectAsync(new[] { (name + ".cs", source) });
        var diagnostic = Assert.Single((await AnalyzerHarness.AnalyzeAsync(project)).Diagnostics, d => d.Id == DiagnosticIds.BlockingWait);
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var span = diagnostic.Location.SourceSpan;
        var solution = project.Solution;

        foreach (var (mode, expected) in new[]
        {
            (AsyncConversion.Mode.AddAsyncSibling, wrapper),
            (AsyncConversion.Mode.MakeAsync, makeAsync),
            (AsyncConversion.Mode.MakeAsyncChangingPublicApi, breaking),
        })
        {
            var plan = await AsyncConversion.PlansAsync(solution, document.Id, span, mode, CancellationToken.None);
            var converted = await BG0101BlockingWaitCodeFixProvider.ConvertEverywhereAsync(solution, new[] { new FixSite(document.Id, span) }, mode, CancellationToken.None);
            if (mode != AsyncConversion.Mode.AddAsyncSibling || expected is not null)
            {
                Assert.True(expected == plan, $"{name} {mode}: planned {plan?.ToString() ?? "unsettled"}, expected {expected?.ToString() ?? "unsettled"}");
            }

            if (plan is { } settled)
            {
                Assert.True(settled == (converted != solution), $"{name} {mode}: the plan says {settled}, the conversion {(converted != solution ? "changed" : "did not change")} the code");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task EveryOfferedAction_ChangesTheCode(string name, string source, bool? wrapper, bool? makeAsync, bool? breaking)
    {
        var project = await AnalyzerHarness.CreateProjectAsync(new[] { (name + ".cs", source) });
        var diagnostic = Assert.Single((await AnalyzerHarness.AnalyzeAsync(project)).Diagnostics, d => d.Id == DiagnosticIds.BlockingWait);
        var actions = await AnalyzerHarness.FixesForAsync(project, diagnostic);

        // What the shape's plans promise is what the lightbulb lists, in the provider's order.
        var expected = new List<string>();
        if (wrapper == true)
        {
            expected.Add(BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey);
        }

        if (makeAsync == true)
        {
            expected.Add(BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
        }
        else if (wrapper == true && breaking == true)
        {
            expected.Add(BG0101BlockingWaitCodeFixProvider.MakeAsyncChangingPublicApiKey);
        }

        if (makeAsync is not null)
        {
            Assert.Equal(expected, actions.Select(a => a.EquivalenceKey));
        }

        foreach (var action in actions)
        {
            Assert.NotSame(project.Solution, await AnalyzerHarness.ApplyAsync(action, project.Solution));
        }
    }
}

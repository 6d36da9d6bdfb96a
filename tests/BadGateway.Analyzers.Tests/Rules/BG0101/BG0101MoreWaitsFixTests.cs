using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static BadGateway.Analyzers.Tests.Verifiers.BG0101Fix;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101, issue #15 round 2: <c>Task.WaitAll</c> with a timeout or a token, and the other waits that had no fix.
/// The WaitAll rewrites are also compiled and run, before and after, over completing, faulting, cancelled and late tasks.
/// </summary>
public class BG0101MoreWaitsFixTests
{
    // ---- Task.WaitAll with a timeout or a token ----

    private const string WaitAllShapes = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Shapes
        {
            public static async Task<string> Statement(Task[] tasks, int ms, CancellationToken ct)
            {
                // Wait, and go on either way.
                Task.[|WaitAll|](tasks, ms);
                return "done";
            }

            public static async Task<string> Declared(Task[] tasks, int ms, CancellationToken ct)
            {
                var ok = Task.[|WaitAll|](tasks, ms);
                return ok ? "in time" : "late";
            }

            public static async Task<string> Condition(Task[] tasks, int ms, CancellationToken ct)
            {
                var timeout = TimeSpan.FromMilliseconds(ms);
                if (!Task.[|WaitAll|](tasks, timeout))
                {
                    return "late";
                }

                return "in time";
            }

            public static async Task<bool> Returned(Task[] tasks, int ms, CancellationToken ct)
            {
                return Task.[|WaitAll|](tasks, ms, ct);
            }

            public static async Task<string> Token(Task[] tasks, int ms, CancellationToken ct)
            {
                Task.[|WaitAll|](tasks, ct); // all of them
                return "done";
            }
        }
        """;

    private const string WaitAllShapesFixed = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Shapes
        {
            public static async Task<string> Statement(Task[] tasks, int ms, CancellationToken ct)
            {
                // Wait, and go on either way.
                var all = Task.WhenAll(tasks);
                if (await Task.WhenAny(all, Task.Delay(ms)) == all)
                    await all;
                return "done";
            }

            public static async Task<string> Declared(Task[] tasks, int ms, CancellationToken ct)
            {
                var all = Task.WhenAll(tasks);
                var ok = await Task.WhenAny(all, Task.Delay(ms)) == all;
                if (ok)
                    await all;
                return ok ? "in time" : "late";
            }

            public static async Task<string> Condition(Task[] tasks, int ms, CancellationToken ct)
            {
                var timeout = TimeSpan.FromMilliseconds(ms);
                var all = Task.WhenAll(tasks);
                var completed = await Task.WhenAny(all, Task.Delay(timeout)) == all;
                if (completed)
                    await all;
                if (!completed)
                {
                    return "late";
                }

                return "in time";
            }

            public static async Task<bool> Returned(Task[] tasks, int ms, CancellationToken ct)
            {
                ct.ThrowIfCancellationRequested();
                var all = Task.WhenAll(tasks);
                var completed = await Task.WhenAny(all, Task.Delay(ms, ct)) == all;
                if (completed)
                    await all;
                else
                    ct.ThrowIfCancellationRequested();
                return completed;
            }

            public static async Task<string> Token(Task[] tasks, int ms, CancellationToken ct)
            {
                ct.ThrowIfCancellationRequested();
                await Task.WhenAll(tasks).WaitAsync(ct); // all of them
                return "done";
            }
        }
        """;

    [Fact]
    public async Task WaitAll_WithATimeoutOrAToken_StatementDeclarationConditionAndReturn_BecomeWhenAllWhenAny()
    {
        await UseAwaitAsync(WaitAllShapes, WaitAllShapesFixed);
    }

    private const string TokenFallbackSource = """
        using System.Threading;
        using System.Threading.Tasks;

        public static class Fallback
        {
            public static async Task<string> Token(Task[] tasks, int ms, CancellationToken ct)
            {
                await Task.Yield();
                Task.[|WaitAll|](tasks, ct);
                return "done";
            }
        }
        """;

    private const string TokenFallbackFixed = """
        using System.Threading;
        using System.Threading.Tasks;

        public static class Fallback
        {
            public static async Task<string> Token(Task[] tasks, int ms, CancellationToken ct)
            {
                await Task.Yield();
                ct.ThrowIfCancellationRequested();
                var all = Task.WhenAll(tasks);
                if (await Task.WhenAny(all, Task.Delay(Timeout.Infinite, ct)) == all)
                    await all;
                else
                    ct.ThrowIfCancellationRequested();
                return "done";
            }
        }
        """;

    [Fact]
    public async Task WaitAll_WithAToken_OnNet48_UsesWhenAnyWithAnEndlessDelay_BecauseWaitAsyncIsNet6()
    {
        await new VerifyCS.Test
        {
            TestCode = TokenFallbackSource,
            FixedCode = TokenFallbackFixed,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
        }.RunAsync();
    }

    [Fact]
    public async Task WaitAll_WithATimeout_TwoInOneMethodAndAnExpressionForTheTasks_GetTheirOwnNames()
    {
        await UseAwaitAsync(
            """
            using System.Linq;
            using System.Threading.Tasks;

            class C
            {
                async Task<bool> M(int[] ids, Task[] more)
                {
                    await Task.Yield();
                    var first = Task.[|WaitAll|](ids.Select(id => Task.Delay(id)).ToArray(), 500);
                    return first && Task.[|WaitAll|](more, 500);
                }
            }
            """,
            """
            using System.Linq;
            using System.Threading.Tasks;

            class C
            {
                async Task<bool> M(int[] ids, Task[] more)
                {
                    await Task.Yield();
                    var all = Task.WhenAll(ids.Select(id => Task.Delay(id)).ToArray());
                    var first = await Task.WhenAny(all, Task.Delay(500)) == all;
                    if (first)
                        await all;
                    return first && Task.WaitAll(more, 500);
                }
            }
            """,
            VerifyCS.Diagnostic("BG0101").WithSpan(13, 30, 13, 37).WithArguments("Task.WaitAll(more, 500)"));
    }

    [Fact]
    public async Task WaitAll_WithATimeout_InASyncMethod_MakeAsyncUsesTheSameRewrite()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                class C
                {
                    async Task<bool> CallerAsync(Task[] tasks) => Check(tasks);

                    private bool Check(Task[] tasks)
                    {
                        if (Task.[|WaitAll|](tasks, 500)) return true;
                        return false;
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                class C
                {
                    async Task<bool> CallerAsync(Task[] tasks) => await CheckAsync(tasks);

                    private async Task<bool> CheckAsync(Task[] tasks)
                    {
                        var all = Task.WhenAll(tasks);
                        var completed = await Task.WhenAny(all, Task.Delay(500)) == all;
                        if (completed)
                            await all;
                        if (completed) return true;
                        return false;
                    }
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.RunAsync();
    }

    [Fact]
    public async Task WaitAll_WhereTheRewriteWouldChangeWhatRuns_NoFix()
    {
        // A timeout computed by a call (it would run after WhenAll's argument check), a token read through a property,
        // a wait that does not run first, a loop condition, an embedded statement, a catch of AggregateException,
        // named arguments.
        await NoFixAsync(
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                CancellationTokenSource Source { get; } = new();

                int Timeout() => 100;

                async Task M(Task[] tasks, bool flag, CancellationToken ct)
                {
                    await Task.Yield();
                    var x = Task.[|WaitAll|](tasks, Timeout());
                    Task.[|WaitAll|](tasks, Source.Token);
                    var y = flag && Task.[|WaitAll|](tasks, 100);
                    while (!Task.[|WaitAll|](tasks, 100)) { }
                    if (flag) Task.[|WaitAll|](tasks, ct);
                    try
                    {
                        Task.[|WaitAll|](tasks, 100);
                    }
                    catch (AggregateException)
                    {
                    }

                    Task.[|WaitAll|](tasks: tasks, millisecondsTimeout: 100);
                    Console.WriteLine(x || y);
                }
            }
            """);
    }

    [Fact]
    public async Task WaitAll_WithATimeout_TopLevelStatements_NoFix_AndTheTokenFormNeither()
    {
        // New top-level statements would be separated by blank lines by the formatter, as for Wait(timeout).
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                var tasks = new[] { Task.Delay(10) };
                var ok = Task.[|WaitAll|](tasks, 100);
                Task.[|WaitAll|](tasks, CancellationToken.None);
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                var tasks = new[] { Task.Delay(10) };
                var ok = Task.[|WaitAll|](tasks, 100);
                Task.[|WaitAll|](tasks, CancellationToken.None);
                """,
            TestState = { OutputKind = OutputKind.ConsoleApplication },
        }.RunAsync();
    }

    [Fact]
    public async Task WaitAll_FixAll_RewritesEveryShape()
    {
        await new VerifyCS.Test
        {
            TestCode = WaitAllShapes,
            FixedCode = WaitAllShapesFixed,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
            NumberOfFixAllIterations = 1,
        }.RunAsync();
    }

    // ---- Parallel.ForEach with waits in a synchronous method ----

    [Fact]
    public async Task ParallelForEach_InAPublicSyncMethodOfALibrary_WrapperWithForEachAsync()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public class Importer
                {
                    private static Task ImportAsync(string file) => Task.Delay(file.Length);

                    public void ImportAll(IEnumerable<string> files)
                    {
                        // one file at a time per worker
                        Parallel.ForEach(files, file =>
                        {
                            ImportAsync(file).[|Wait|]();
                        });
                    }

                    public async Task RunAsync(string[] files)
                    {
                        await Task.Yield();
                        ImportAll(files);
                    }
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public class Importer
                {
                    private static Task ImportAsync(string file) => Task.Delay(file.Length);

                    public void ImportAll(IEnumerable<string> files) => ImportAllAsync(files).GetAwaiter().GetResult();

                    public async Task ImportAllAsync(IEnumerable<string> files)
                    {
                        // one file at a time per worker
                        await Parallel.ForEachAsync(files, async (file, _) =>
                        {
                            await ImportAsync(file);
                        });
                    }

                    public async Task RunAsync(string[] files)
                    {
                        await Task.Yield();
                        await ImportAllAsync(files);
                    }
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
        }.RunAsync();
    }

    [Fact]
    public async Task ParallelForEach_InAnInternalSyncMethod_MakeAsyncWithForEachAsync_OptionsAndOtherWaitsToo()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                internal class Importer
                {
                    private static Task ImportAsync(string file) => Task.Delay(file.Length);

                    internal void ImportAll(IEnumerable<string> files, ParallelOptions options)
                    {
                        ImportAsync("first").[|Wait|]();
                        Parallel.ForEach(files, options, file => ImportAsync(file).GetAwaiter().[|GetResult|]());
                    }

                    internal async Task RunAsync(string[] files) => ImportAll(files, new ParallelOptions { MaxDegreeOfParallelism = 2 });

                    internal void Sync(string[] files) => ImportAll(files, new ParallelOptions());
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                internal class Importer
                {
                    private static Task ImportAsync(string file) => Task.Delay(file.Length);

                    internal async Task ImportAllAsync(IEnumerable<string> files, ParallelOptions options)
                    {
                        await ImportAsync("first");
                        await Parallel.ForEachAsync(files, options, async (file, _) => await ImportAsync(file));
                    }

                    internal async Task RunAsync(string[] files) => await ImportAllAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 2 });

                    internal async Task SyncAsync(string[] files) => await ImportAllAsync(files, new ParallelOptions());
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.RunAsync();
    }

    [Fact]
    public async Task ParallelForEach_InASyncMethod_WhereTheLoopCannotBecomeForEachAsync_NoFix()
    {
        // A body with ParallelLoopState, the ParallelLoopResult used, a local function around the loop, a catch of
        // AggregateException: the method is not converted for those waits.
        await new VerifyCS.Test
        {
            TestCode = """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public class Importer
                {
                    private static Task ImportAsync(string file) => Task.Delay(file.Length);

                    public void WithState(IEnumerable<string> files) =>
                        Parallel.ForEach(files, (file, state) => ImportAsync(file).[|Wait|]());

                    public bool ResultUsed(IEnumerable<string> files) =>
                        Parallel.ForEach(files, file => ImportAsync(file).[|Wait|]()).IsCompleted;

                    public void InLocalFunction(IEnumerable<string> files)
                    {
                        Run();
                        void Run() => Parallel.ForEach(files, file => ImportAsync(file).[|Wait|]());
                    }

                    public void Caught(IEnumerable<string> files)
                    {
                        try
                        {
                            Parallel.ForEach(files, file => ImportAsync(file).[|Wait|]());
                        }
                        catch (AggregateException)
                        {
                        }
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public class Importer
                {
                    private static Task ImportAsync(string file) => Task.Delay(file.Length);

                    public void WithState(IEnumerable<string> files) =>
                        Parallel.ForEach(files, (file, state) => ImportAsync(file).[|Wait|]());

                    public bool ResultUsed(IEnumerable<string> files) =>
                        Parallel.ForEach(files, file => ImportAsync(file).[|Wait|]()).IsCompleted;

                    public void InLocalFunction(IEnumerable<string> files)
                    {
                        Run();
                        void Run() => Parallel.ForEach(files, file => ImportAsync(file).[|Wait|]());
                    }

                    public void Caught(IEnumerable<string> files)
                    {
                        try
                        {
                            Parallel.ForEach(files, file => ImportAsync(file).[|Wait|]());
                        }
                        catch (AggregateException)
                        {
                        }
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ParallelForEach_InASyncMethod_OnNet48_NoFix_BecauseForEachAsyncIsNet6()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            internal class Importer
            {
                private static Task ImportAsync(string file) => Task.Delay(file.Length);

                internal void ImportAll(IEnumerable<string> files) => Parallel.ForEach(files, file => ImportAsync(file).[|Wait|]());
            }
            """;
        await new VerifyCS.Test { TestCode = source, FixedCode = source, ReferenceAssemblies = ReferenceAssemblyPresets.Net48 }.RunAsync();
    }

    // ---- A wait in a ContinueWith continuation ----

    private const string ContinuationShapes = """
        using System;
        using System.Threading.Tasks;

        public static class Chain
        {
            public static Task<int> Then(Task first, Task<int> other)
            {
                return first.ContinueWith(_ => other.[|Result|] * 2);
            }

            public static Task After(Task first, Task other) =>
                first.ContinueWith(t =>
                {
                    other.[|Wait|]();
                    Console.WriteLine("after");
                }, TaskContinuationOptions.ExecuteSynchronously);

            public static Task<string> Both(Task<int> first, Task<int> other) =>
                first.ContinueWith(t => t.Result + other.GetAwaiter().[|GetResult|]()).ContinueWith(t => t.Result.ToString());
        }
        """;

    private const string ContinuationShapesFixed = """
        using System;
        using System.Threading.Tasks;

        public static class Chain
        {
            public static Task<int> Then(Task first, Task<int> other)
            {
                return first.ContinueWith(async _ => await other * 2).Unwrap();
            }

            public static Task After(Task first, Task other) =>
                first.ContinueWith(async t =>
                {
                    await other;
                    Console.WriteLine("after");
                }, TaskContinuationOptions.ExecuteSynchronously).Unwrap();

            public static Task<string> Both(Task<int> first, Task<int> other) =>
                first.ContinueWith(async t => t.Result + await other).Unwrap().ContinueWith(t => t.Result.ToString());
        }
        """;

    [Fact]
    public async Task ContinueWith_ContinuationThatWaits_BecomesAsyncAndTheCallIsUnwrapped()
    {
        await UseAwaitAsync(ContinuationShapes, ContinuationShapesFixed);
    }

    [Fact]
    public async Task ContinueWith_WhereUnwrapWouldNotGiveTheSameTask_NoFix()
    {
        // AttachedToParent (the parent would stop waiting at the first await), options that are not a constant,
        // a continuation that already returns a task, a named argument.
        await NoFixAsync(
            """
            using System.Threading.Tasks;

            public static class Chain
            {
                public static Task<int> Attached(Task first, Task<int> other) =>
                    first.ContinueWith(_ => other.[|Result|], TaskContinuationOptions.AttachedToParent);

                public static Task<int> Options(Task first, Task<int> other, TaskContinuationOptions options) =>
                    first.ContinueWith(_ => other.[|Result|], options);

                public static Task<Task<int>> ReturnsATask(Task first, Task<int> other) =>
                    first.ContinueWith(_ => Task.FromResult(other.[|Result|]));

                public static Task<int> Named(Task first, Task<int> other) =>
                    first.ContinueWith(continuationFunction: _ => other.[|Result|]);
            }
            """);
    }

    public static IEnumerable<object[]> ContinuationOutcomes() => new[]
    {
        new object[] { "completed", "RanToCompletion 42", "RanToCompletion 42" },
        new object[] { "faulted", "Faulted AggregateException(InvalidOperationException)", "Faulted InvalidOperationException" },
        new object[] { "cancelled", "Faulted AggregateException(TaskCanceledException)", "Canceled TaskCanceledException" },
        new object[] { "first faulted", "RanToCompletion 42", "RanToCompletion 42" },
    };

    /// <summary>
    /// What the task returned by <c>Then</c> ends as, before and after: the same value; a fault of the waited task is
    /// its own exception instead of an AggregateException around it (the await difference), and a cancelled waited task
    /// cancels the result instead of faulting it (documented on the rule page).
    /// </summary>
    [Theory]
    [MemberData(nameof(ContinuationOutcomes))]
    public async Task ContinueWith_Rewrite_EndsAsDocumented(string outcome, string before, string after)
    {
        Assert.Equal(before, await RunThenAsync(Unmarked(ContinuationShapes), outcome));
        Assert.Equal(after, await RunThenAsync(ContinuationShapesFixed, outcome));
    }

    private static async Task<string> RunThenAsync(string source, string outcome)
    {
        var then = Compile(source).GetType("Chain")!.GetMethod("Then")!;
        var first = outcome == "first faulted" ? Task.FromException(new ArgumentException("first")) : Task.Delay(10);
        var other = outcome switch
        {
            "faulted" => Task.FromException<int>(new InvalidOperationException("boom")),
            "cancelled" => Task.FromCanceled<int>(new CancellationToken(true)),
            _ => Task.Delay(20).ContinueWith(_ => 21, TaskScheduler.Default),
        };
        var result = (Task<int>)then.Invoke(null, new object[] { first, other })!;
        try
        {
            await result;
        }
        catch (Exception)
        {
            // Read from the task below.
        }

        var exception = result.Exception?.InnerExceptions[0];
        var thrown = result.IsCanceled ? nameof(TaskCanceledException) : exception is AggregateException nested ? $"AggregateException({nested.InnerExceptions[0].GetType().Name})" : exception?.GetType().Name;
        return result.Status + " " + (result.Status == TaskStatus.RanToCompletion ? result.Result.ToString(System.Globalization.CultureInfo.InvariantCulture) : thrown);
    }

    // ---- Fix All with the first report's first action: each report's own first action ----

    [Fact]
    public async Task FixAll_WithTheFirstReportsFirstAction_AppliesEachReportsOwnFirstAction()
    {
        // Use await (async method), the wrapper (public API of a library), Make async (private method): one Fix All with
        // the key of the first report's first action fixes all three, as one 'dotnet format analyzers' run asks it to.
        // One by one with that key, only the first report has an action of that key.
        var test = new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class Mixed
                {
                    public async Task RunAsync(Task t)
                    {
                        await Task.Yield();
                        t.[|Wait|]();
                    }

                    public int Get(Task<int> t) => t.[|Result|];

                    private int Helper(Task<int> t) => t.[|Result|];
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                public class Mixed
                {
                    public async Task RunAsync(Task t)
                    {
                        await Task.Yield();
                        await t;
                    }

                    public int Get(Task<int> t) => t.Result;

                    private int Helper(Task<int> t) => t.Result;
                }
                """,
            BatchFixedCode = """
                using System.Threading.Tasks;

                public class Mixed
                {
                    public async Task RunAsync(Task t)
                    {
                        await Task.Yield();
                        await t;
                    }

                    public int Get(Task<int> t) => GetAsync(t).GetAwaiter().GetResult();

                    public async Task<int> GetAsync(Task<int> t) => await t;

                    private async Task<int> HelperAsync(Task<int> t) => await t;
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
            NumberOfFixAllIterations = 1,
        };
        test.FixedState.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("BG0101").WithSpan(11, 38, 11, 44).WithArguments("t.Result"));
        test.FixedState.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("BG0101").WithSpan(13, 42, 13, 48).WithArguments("t.Result"));
        await test.RunAsync();
    }

    [Fact]
    public async Task FixAll_WithTheFirstReportsFirstAction_ConversionsOnOneChainAreMerged()
    {
        // The await of RunAsync and Make async of Helper, whose caller RunAsync is: the second is planned on the first's
        // result, so the call is awaited once and everything compiles.
        var test = new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                internal class Chain
                {
                    internal async Task<int> RunAsync(Task<int> t)
                    {
                        await Task.Yield();
                        return Helper(t) + t.[|Result|];
                    }

                    private int Helper(Task<int> t) => t.[|Result|] * 2;
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                internal class Chain
                {
                    internal async Task<int> RunAsync(Task<int> t)
                    {
                        await Task.Yield();
                        return Helper(t) + await t;
                    }

                    private int Helper(Task<int> t) => t.Result * 2;
                }
                """,
            BatchFixedCode = """
                using System.Threading.Tasks;

                internal class Chain
                {
                    internal async Task<int> RunAsync(Task<int> t)
                    {
                        await Task.Yield();
                        return await HelperAsync(t) + await t;
                    }

                    private async Task<int> HelperAsync(Task<int> t) => await t * 2;
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
            NumberOfFixAllIterations = 1,
        };
        test.FixedState.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("BG0101").WithSpan(11, 42, 11, 48).WithArguments("t.Result"));
        await test.RunAsync();
    }

    [Fact]
    public async Task FixAll_WithAnotherActionsKey_AppliesThatActionOnly()
    {
        // Make async asked from the private method's report (its first action, but not the first report's, which is the
        // wrapper): the public method keeps its report for a run of its own.
        var test = new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class Mixed
                {
                    public int Get(Task<int> t) => t.[|Result|];

                    private int Helper(Task<int> t) => t.[|Result|];
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                public class Mixed
                {
                    public int Get(Task<int> t) => t.Result;

                    private async Task<int> HelperAsync(Task<int> t) => await t;
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        };
        test.FixedState.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("BG0101").WithSpan(5, 38, 5, 44).WithArguments("t.Result"));
        await test.RunAsync();
    }

    public static IEnumerable<object[]> Outcomes() => new[]
    {
        new object[] { "completed" },
        new object[] { "completes in time" },
        new object[] { "never completes" },
        new object[] { "faulted" },
        new object[] { "two faulted" },
        new object[] { "faults in time" },
        new object[] { "faults late" },
        new object[] { "cancelled" },
        new object[] { "token cancelled while waiting" },
        new object[] { "token cancelled, tasks completed" },
        new object[] { "token cancelled, task faulted" },
        new object[] { "no tasks" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task WaitAll_Rewrite_RunsLikeTheWait(string outcome)
    {
        var before = await RunShapesAsync(Unmarked(WaitAllShapes) + Unmarked(TokenFallbackSource).Replace("using System.Threading;\nusing System.Threading.Tasks;\n", string.Empty, StringComparison.Ordinal), outcome, waitAsync: false);
        var after = await RunShapesAsync(WaitAllShapesFixed + TokenFallbackFixed.Replace("using System.Threading;\nusing System.Threading.Tasks;\n", string.Empty, StringComparison.Ordinal), outcome, waitAsync: true);
        Assert.Equal(before, after);
    }

    private static string Unmarked(string source) =>
        source.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal);

    /// <summary>
    /// Each shape over <c>{ completed task, task of <paramref name="outcome"/> }</c>: its result, or the type and message
    /// of what it threw. WaitAll's AggregateException is read as its first inner exception, what await throws (the
    /// accepted difference of every await conversion). WaitAsync's TaskCanceledException for the token is read as the
    /// OperationCanceledException WaitAll throws (the documented difference of the .NET 6+ form); the fallback's is exact.
    /// </summary>
    private static async Task<string> RunShapesAsync(string source, string outcome, bool waitAsync)
    {
        var assembly = Compile(source);
        var methods = new[] { "Statement", "Declared", "Condition", "Returned", "Token" }.Select(name => assembly.GetType("Shapes")!.GetMethod(name)!)
            .Append(assembly.GetType("Fallback")!.GetMethod("Token")!);
        var runs = methods.Select(method => Task.Factory.StartNew(
            () => RunShapeAsync(method, outcome, waitAsync && method.DeclaringType!.Name == "Shapes" && method.Name == "Token"),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap());
        return string.Join("\n", await Task.WhenAll(runs));
    }

    private static async Task<string> RunShapeAsync(MethodInfo method, string outcome, bool waitAsync)
    {
        using var cts = new CancellationTokenSource();
        var tasks = Scenario(outcome, cts);
        // The token-only shapes would wait for ever on a task that never completes: the token ends them.
        cts.CancelAfter(2500);
        var name = method.DeclaringType!.Name + "." + method.Name + ": ";
        try
        {
            var result = (Task)method.Invoke(null, new object[] { tasks, 1000, cts.Token })!;
            await result;
            return name + result.GetType().GetProperty("Result")!.GetValue(result);
        }
        catch (Exception exception)
        {
            var thrown = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
            thrown = thrown is AggregateException aggregate ? aggregate.InnerExceptions[0] : thrown;
            var type = thrown.GetType().Name;
            if (waitAsync && thrown is TaskCanceledException { CancellationToken: var token } && token == cts.Token)
            {
                type = nameof(OperationCanceledException);
            }

            var sameToken = thrown is OperationCanceledException canceled && canceled.CancellationToken == cts.Token;
            return name + type + (sameToken ? " (the token)" : " " + thrown.Message);
        }
    }

    private static Task[] Scenario(string outcome, CancellationTokenSource cts) => outcome switch
    {
        "completed" => new[] { Task.CompletedTask, Task.FromResult(1) },
        "completes in time" => new[] { Task.CompletedTask, Task.Delay(20) },
        "never completes" => new[] { Task.CompletedTask, new TaskCompletionSource().Task },
        "faulted" => new[] { Task.CompletedTask, Task.FromException(new InvalidOperationException("boom")) },
        "two faulted" => new[] { Task.FromException(new InvalidOperationException("first")), Task.Delay(20).ContinueWith(_ => throw new ArgumentException("second"), TaskScheduler.Default) },
        "faults in time" => new[] { Task.CompletedTask, Task.Delay(20).ContinueWith(_ => throw new InvalidOperationException("boom"), TaskScheduler.Default) },
        "faults late" => new[] { Task.FromException(new InvalidOperationException("early")), Task.Delay(4000).ContinueWith(_ => throw new InvalidOperationException("boom"), TaskScheduler.Default) },
        "cancelled" => new[] { Task.CompletedTask, Task.FromCanceled(new CancellationToken(true)) },
        "token cancelled while waiting" => CancelLater(cts),
        "token cancelled, tasks completed" => CancelNow(cts, Task.CompletedTask),
        "token cancelled, task faulted" => CancelNow(cts, Task.FromException(new InvalidOperationException("boom"))),
        "no tasks" => Array.Empty<Task>(),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private static Task[] CancelLater(CancellationTokenSource cts)
    {
        cts.CancelAfter(20);
        return new[] { Task.CompletedTask, new TaskCompletionSource().Task };
    }

    private static Task[] CancelNow(CancellationTokenSource cts, Task task)
    {
        cts.Cancel();
        return new[] { Task.CompletedTask, task };
    }

    private static Assembly Compile(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";
        var compilation = CSharpCompilation.Create(
            "Shapes" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(usings + source.Replace(usings, string.Empty, StringComparison.Ordinal)) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }
}

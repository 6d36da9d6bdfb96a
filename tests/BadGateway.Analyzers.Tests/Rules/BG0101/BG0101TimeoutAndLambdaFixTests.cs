using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.FixSafety;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static BadGateway.Analyzers.Tests.Verifiers.BG0101Fix;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101, issue #15 parts (5) and (6): <c>Wait(timeout)</c> whose <c>bool</c> is used, <c>WaitAny</c> with a timeout,
/// event-handler lambdas, stored awaiters. The timeout rewrites are also compiled and run, before and after.
/// </summary>
public class BG0101TimeoutAndLambdaFixTests
{
    private static Task UseAwaitInProgramAsync(string source, string fixedSource, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] remaining)
    {
        var test = new VerifyCS.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        return test.RunAsync();
    }

    // ---- (5) Wait(timeout) ----

    private const string WaitShapes = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Shapes
        {
            public static async Task<string> Statement(Task t, int ms)
            {
                // Wait, and go on either way.
                t.[|Wait|](ms);
                return "done";
            }

            public static async Task<string> Declared(Task t, int ms)
            {
                var ok = t.[|Wait|](ms);
                return ok ? "in time" : "late";
            }

            public static async Task<string> Condition(Task<int> t, TimeSpan timeout)
            {
                if (!t.[|Wait|](timeout))
                {
                    return "late";
                }

                return "in time";
            }

            public static async Task<bool> Returned(Task t, int ms, CancellationToken ct)
            {
                return t.[|Wait|](ms, ct);
            }
        }
        """;

    private const string WaitShapesFixed = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Shapes
        {
            public static async Task<string> Statement(Task t, int ms)
            {
                // Wait, and go on either way.
                if (await Task.WhenAny(t, Task.Delay(ms)) == t)
                    await t;
                return "done";
            }

            public static async Task<string> Declared(Task t, int ms)
            {
                var ok = await Task.WhenAny(t, Task.Delay(ms)) == t;
                if (ok)
                    await t;
                return ok ? "in time" : "late";
            }

            public static async Task<string> Condition(Task<int> t, TimeSpan timeout)
            {
                var completed = await Task.WhenAny(t, Task.Delay(timeout)) == t;
                if (completed)
                    await t;
                if (!completed)
                {
                    return "late";
                }

                return "in time";
            }

            public static async Task<bool> Returned(Task t, int ms, CancellationToken ct)
            {
                var completed = await Task.WhenAny(t, Task.Delay(ms, ct)) == t;
                if (completed)
                    await t;
                else
                    ct.ThrowIfCancellationRequested();
                return completed;
            }
        }
        """;

    [Fact]
    public async Task WaitWithTimeout_StatementDeclarationConditionAndReturn_BecomeWhenAnyThenAwait()
    {
        await UseAwaitAsync(WaitShapes, WaitShapesFixed);
    }

    [Fact]
    public async Task WaitWithTimeout_TwoInOneMethod_GetTwoNames()
    {
        await UseAwaitAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task M(Task a, Task b)
                {
                    if (a.[|Wait|](100) && b.[|Wait|](100))
                    {
                        System.Console.WriteLine("both");
                    }

                    // the second
                    if (!b.[|Wait|](100)) return;
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task M(Task a, Task b)
                {
                    var completed = await Task.WhenAny(a, Task.Delay(100)) == a;
                    if (completed)
                        await a;
                    if (completed && b.Wait(100))
                    {
                        System.Console.WriteLine("both");
                    }

                    // the second
                    var completed3 = await Task.WhenAny(b, Task.Delay(100)) == b;
                    if (completed3)
                        await b;
                    if (!completed3) return;
                }
            }
            """,
            VerifyCS.Diagnostic("BG0101").WithSpan(10, 28, 10, 32).WithArguments("b.Wait(100)"));
    }

    [Fact]
    public async Task WaitWithTimeout_TopLevelStatements_StatementFormOnly()
    {
        // New top-level statements would be separated by blank lines by the formatter: the bool form is not offered there.
        await UseAwaitInProgramAsync(
            """
            using System.Threading.Tasks;

            var a = Task.Delay(10);
            a.[|Wait|](100);
            var ok = a.[|Wait|](100);
            """,
            """
            using System.Threading.Tasks;

            var a = Task.Delay(10);
            if (await Task.WhenAny(a, Task.Delay(100)) == a)
                await a;
            var ok = a.Wait(100);
            """,
            VerifyCS.Diagnostic("BG0101").WithSpan(6, 12, 6, 16).WithArguments("a.Wait(100)"));
    }

    [Fact]
    public async Task WaitWithTimeout_WhereTheRewriteWouldChangeWhatRuns_NoFix()
    {
        // A property (read twice, may give another task), a wait that does not run first (b.Wait after a && ),
        // a loop condition, an if without braces, a catch of AggregateException, a named argument.
        await NoFixAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                Task Current { get; set; }

                async Task M(Task a, Task b, bool flag)
                {
                    await Task.Yield();
                    var x = Current.[|Wait|](100);
                    var y = flag && b.[|Wait|](100);
                    while (!a.[|Wait|](100)) { }
                    if (flag) a.[|Wait|](100);
                    try
                    {
                        a.[|Wait|](100);
                    }
                    catch (AggregateException)
                    {
                    }

                    b.[|Wait|](millisecondsTimeout: 100);
                    Console.WriteLine(x || y);
                }
            }
            """);
    }

    [Fact]
    public async Task WaitAnyWithTimeout_KeepsTheIndexAndMinusOne()
    {
        await UseAwaitAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task<int>[] tasks, TimeSpan timeout)
                {
                    await Task.Yield();
                    var index = Task.[|WaitAny|](tasks, 1000);
                    return index + Task.[|WaitAny|](tasks, timeout);
                }
            }
            """,
            """
            using System;
            using System.Linq;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task<int>[] tasks, TimeSpan timeout)
                {
                    await Task.Yield();
                    var index = Array.IndexOf(tasks, await Task.WhenAny(Enumerable.Append(tasks, Task.Delay(1000))));
                    return index + Array.IndexOf(tasks, await Task.WhenAny(Enumerable.Append(tasks, Task.Delay(timeout))));
                }
            }
            """);
    }

    [Fact]
    public async Task WaitWithTimeout_OnNet48_IsFixedToo_BecauseWhenAnyAndDelayExistThere()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                class C
                {
                    async Task<bool> M(Task task)
                    {
                        await Task.Yield();
                        return task.[|Wait|](1000);
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                class C
                {
                    async Task<bool> M(Task task)
                    {
                        await Task.Yield();
                        var completed = await Task.WhenAny(task, Task.Delay(1000)) == task;
                        if (completed)
                            await task;
                        return completed;
                    }
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
        }.RunAsync();
    }

    [Fact]
    public async Task WaitWithTimeout_InASyncMethod_MakeAsyncUsesTheSameRewrite()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class C
                {
                    public bool Ready(Task task) => Check(task);

                    public async Task<bool> ReadyLaterAsync(Task task)
                    {
                        await Task.Yield();
                        return Check(task);
                    }

                    private bool Check(Task task)
                    {
                        if (task.[|Wait|](500)) return true;
                        return false;
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                public class C
                {
                    public bool Ready(Task task) => CheckAsync(task).GetAwaiter().GetResult();

                    public async Task<bool> ReadyLaterAsync(Task task)
                    {
                        await Task.Yield();
                        return await CheckAsync(task);
                    }

                    private async Task<bool> CheckAsync(Task task)
                    {
                        var completed = await Task.WhenAny(task, Task.Delay(500)) == task;
                        if (completed)
                            await task;
                        if (completed) return true;
                        return false;
                    }
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
            FixedState = { ExpectedDiagnostics = { VerifyCS.Diagnostic("BG0101").WithSpan(5, 67, 5, 76).WithArguments("CheckAsync(task).GetAwaiter().GetResult()") } },
        }.RunAsync();
    }

    [Fact]
    public async Task WaitWithTimeout_MultiTarget_Net80AndNet472_OneFixThatCompilesInBoth()
    {
        const string source = """
            using System.Threading.Tasks;

            public class C
            {
                public async Task<bool> M(Task task)
                {
                    await Task.Yield();
                    return task.Wait(1000);
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80, MultiTargetProject.Net472);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0101"));
        var (title, text) = Assert.Single(await project.FixesAsync(diagnostic));
        Assert.Equal("Use await", title);
        Assert.Contains("await Task.WhenAny(task, Task.Delay(1000)) == task", text, StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    // ---- (5) Same behaviour: the shapes above, compiled and run before and after the fix ----

    public static IEnumerable<object[]> Outcomes() => new[]
    {
        new object[] { "completed" },
        new object[] { "completes in time" },
        new object[] { "never completes" },
        new object[] { "faulted" },
        new object[] { "faults in time" },
        new object[] { "faults late" },
        new object[] { "cancelled" },
        new object[] { "token cancelled while waiting" },
        new object[] { "token cancelled, task completed" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task WaitWithTimeout_Rewrite_RunsLikeTheWait(string outcome)
    {
        var before = await RunShapesAsync(WaitShapes.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal), outcome);
        var after = await RunShapesAsync(WaitShapesFixed, outcome);
        Assert.Equal(before, after);
    }

    /// <summary>Each shape on a task of <paramref name="outcome"/>: its result, or the exception it threw (Wait's AggregateException unwrapped, the accepted difference of every await conversion).</summary>
    private static async Task<string> RunShapesAsync(string source, string outcome)
    {
        var shapes = Compile(source).GetType("Shapes")!;
        var runs = new[] { "Statement", "Declared", "Condition", "Returned" }.Select(shape => Task.Factory.StartNew(
            () => RunShapeAsync(shapes.GetMethod(shape)!, outcome),
            System.Threading.CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap());
        return string.Join("\n", await Task.WhenAll(runs));
    }

    /// <summary>The blocking shapes run on a thread of their own, so a busy thread pool does not delay the timers of the scenario.</summary>
    private static async Task<string> RunShapeAsync(MethodInfo method, string outcome)
    {
        using var cts = new System.Threading.CancellationTokenSource();
        var task = Scenario(outcome, cts);
        object[] arguments = method.Name switch
        {
            "Condition" => new object[] { ToGeneric(task), TimeSpan.FromMilliseconds(1000) },
            "Returned" => new object[] { task, 1000, cts.Token },
            _ => new object[] { task, 1000 },
        };
        try
        {
            var result = (Task)method.Invoke(null, arguments)!;
            await result;
            return method.Name + ": " + result.GetType().GetProperty("Result")!.GetValue(result);
        }
        catch (Exception exception)
        {
            var thrown = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
            thrown = thrown is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : thrown;
            return method.Name + ": " + (thrown is OperationCanceledException ? "cancelled" : thrown.GetType().Name + " " + thrown.Message);
        }
    }

    private static Task Scenario(string outcome, System.Threading.CancellationTokenSource cts) => outcome switch
    {
        "completed" => Task.CompletedTask,
        "completes in time" => Task.Delay(20),
        "never completes" => new TaskCompletionSource().Task,
        "faulted" => Task.FromException(new InvalidOperationException("boom")),
        "faults in time" => Task.Delay(20).ContinueWith(_ => throw new InvalidOperationException("boom"), TaskScheduler.Default),
        "faults late" => Task.Delay(4000).ContinueWith(_ => throw new InvalidOperationException("boom"), TaskScheduler.Default),
        "cancelled" => Task.FromCanceled(new System.Threading.CancellationToken(true)),
        "token cancelled while waiting" => CancelLater(cts),
        "token cancelled, task completed" => CancelNow(cts),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private static Task CancelLater(System.Threading.CancellationTokenSource cts)
    {
        cts.CancelAfter(20);
        return new TaskCompletionSource().Task;
    }

    private static Task CancelNow(System.Threading.CancellationTokenSource cts)
    {
        cts.Cancel();
        return Task.CompletedTask;
    }

    private static async Task<int> ToGeneric(Task task)
    {
        await task;
        return 1;
    }

    private static Assembly Compile(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Shapes" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }

    // ---- (6) Event-handler lambdas ----

    [Fact]
    public async Task EventHandlerLambda_ExpressionBodyBlockBodyAndAnonymousMethod_BecomeAsync()
    {
        await UseAwaitAsync(
            """
            using System;
            using System.Threading.Tasks;

            class Form
            {
                public event EventHandler Click;
                public event EventHandler<string> Renamed;
                public event Action Closed;

                void Wire(Func<Task> save, Task<int> count)
                {
                    Click += (s, e) => save().[|Wait|]();
                    Renamed += (s, name) =>
                    {
                        Console.WriteLine(name);
                        // keep this comment
                        save().GetAwaiter().[|GetResult|]();
                        Console.WriteLine(count.[|Result|]);
                    };
                    Closed += delegate { save().[|Wait|](); };
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            class Form
            {
                public event EventHandler Click;
                public event EventHandler<string> Renamed;
                public event Action Closed;

                void Wire(Func<Task> save, Task<int> count)
                {
                    Click += async (s, e) => await save();
                    Renamed += async (s, name) =>
                    {
                        Console.WriteLine(name);
                        // keep this comment
                        await save();
                        Console.WriteLine(await count);
                    };
                    Closed += async delegate { await save(); };
                }
            }
            """);
    }

    [Fact]
    public async Task EventHandlerLambda_InTopLevelCode_BecomesAsync()
    {
        await UseAwaitInProgramAsync(
            """
            using System;
            using System.Threading.Tasks;

            var timer = new System.Timers.Timer(1000);
            timer.Elapsed += (s, e) => Task.Delay(1).[|Wait|]();
            await Task.Yield();
            """,
            """
            using System;
            using System.Threading.Tasks;

            var timer = new System.Timers.Timer(1000);
            timer.Elapsed += async (s, e) => await Task.Delay(1);
            await Task.Yield();
            """);
    }

    [Fact]
    public async Task EventHandlerLambda_WhereAsyncChangesWhatRuns_NoUseAwait()
    {
        // -=, a lambda kept in a local, an event whose delegate returns a value, arguments with Cancel/Handled the
        // raiser reads when the handler returns (CancelKeyPress ends the process then), a lambda passed to a method.
        await NoFixAsync(
            """
            using System;
            using System.ComponentModel;
            using System.Threading.Tasks;

            class Form
            {
                public event EventHandler Click;
                public event Func<int> Asked;
                public event CancelEventHandler Closing;

                void Wire(Func<Task> save, Task<int> count)
                {
                    Click -= (s, e) => save().[|Wait|]();
                    EventHandler kept = (s, e) => save().[|Wait|]();
                    Click += kept;
                    Asked += () => count.[|Result|];
                    Closing += (s, e) => { save().[|Wait|](); e.Cancel = true; };
                    Console.CancelKeyPress += (s, e) => save().[|Wait|]();
                }
            }
            """);
    }

    // ---- (6) Parallel.ForEach ----

    [Fact]
    public async Task ParallelForEach_WithAWaitInItsBody_BecomesForEachAsync_OptionsKept()
    {
        await UseAwaitAsync(
            """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            class C
            {
                async Task M(IEnumerable<string> items, Func<string, Task> send, ParallelOptions options)
                {
                    await Task.Yield();
                    Parallel.ForEach(items, item => send(item).[|Wait|]());
                    Parallel.ForEach(items, options, (item) =>
                    {
                        Console.WriteLine(item);
                        send(item).GetAwaiter().[|GetResult|]();
                    });
                }
            }
            """,
            """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            class C
            {
                async Task M(IEnumerable<string> items, Func<string, Task> send, ParallelOptions options)
                {
                    await Task.Yield();
                    await Parallel.ForEachAsync(items, async (item, _) => await send(item));
                    await Parallel.ForEachAsync(items, options, async (item, _) =>
                    {
                        Console.WriteLine(item);
                        await send(item);
                    });
                }
            }
            """);
    }

    [Fact]
    public async Task ParallelForEach_LoopStateIndexResultUsedSyncCallerOrNet48_NoUseAwait()
    {
        await NoFixAsync(
            """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            class C
            {
                async Task M(IEnumerable<string> items, Func<string, Task> send)
                {
                    await Task.Yield();
                    Parallel.ForEach(items, (item, state) => send(item).[|Wait|]());
                    Parallel.ForEach(items, (item, state, index) => send(item).[|Wait|]());
                    var result = Parallel.ForEach(items, item => send(item).[|Wait|]());
                    Parallel.ForEach(items, _ => send("x").[|Wait|]());
                    try
                    {
                        Parallel.ForEach(items, item => send(item).[|Wait|]());
                    }
                    catch (AggregateException)
                    {
                    }
                }
            }
            """);
        await new VerifyCS.Test
        {
            TestCode = """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(IEnumerable<string> items, Func<string, Task> send)
                    {
                        await Task.Yield();
                        Parallel.ForEach(items, item => send(item).[|Wait|]());
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(IEnumerable<string> items, Func<string, Task> send)
                    {
                        await Task.Yield();
                        Parallel.ForEach(items, item => send(item).[|Wait|]());
                    }
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,
        }.RunAsync();
    }

    // ---- (6) Stored awaiters ----

    [Fact]
    public async Task StoredAwaiter_OfALocal_BecomesAwaitWhereGetResultWas()
    {
        await UseAwaitAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task<int> t, Task u)
                {
                    var awaiter = t.GetAwaiter();
                    Console.WriteLine("between");
                    var result = awaiter.[|GetResult|]();
                    // the other one
                    var other = u.ConfigureAwait(false).GetAwaiter();
                    other.[|GetResult|]();
                    return result;
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task<int> t, Task u)
                {
                    Console.WriteLine("between");
                    var result = await t;
                    // the other one
                    var task = u.ConfigureAwait(false);
                    await task;
                    return result;
                }
            }
            """);
    }

    [Fact]
    public async Task StoredAwaiter_OfACall_KeepsTheCallWhereItWas()
    {
        await UseAwaitAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                static Task<int> StartAsync() => Task.FromResult(1);

                async Task<int> M()
                {
                    await Task.Yield();
                    var aw = StartAsync().GetAwaiter();
                    Console.WriteLine("started");
                    return aw.[|GetResult|]() + 1;
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                static Task<int> StartAsync() => Task.FromResult(1);

                async Task<int> M()
                {
                    await Task.Yield();
                    var task = StartAsync();
                    Console.WriteLine("started");
                    return await task + 1;
                }
            }
            """);
    }

    [Fact]
    public async Task StoredAwaiter_UsedOtherwiseOrTaskReassigned_NoFix()
    {
        await NoFixAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task<int> t, Task<int> next)
                {
                    await Task.Yield();
                    var a = t.GetAwaiter();
                    if (!a.IsCompleted) Console.WriteLine("waiting");
                    var x = a.[|GetResult|]();

                    var b = t.GetAwaiter();
                    b.OnCompleted(() => { });
                    var y = b.GetResult();

                    Func<int> later = () => b.[|GetResult|]();
                    return x + y + later();
                }
            }
            """);
    }
}

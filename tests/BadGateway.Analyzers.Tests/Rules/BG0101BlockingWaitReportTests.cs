using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>BG0101: what is reported and what is not. The fixes are in BG0101BlockingWaitFixTests.</summary>
public class BG0101BlockingWaitReportTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Reported(string members, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n" + members + "\n}\n", expected);

    private static Task NotReported(string members) => Reported(members);

    // ---- Reported ----

    [Fact]
    public async Task Result_OnTaskOfT_IsReportedOnTheResultToken_WithTheExpressionInTheMessage()
    {
        await Reported(
            """
                int M(Task<int> task) => task.{|#0:Result|};
            """,
            Verify.Diagnostic("BG0101").WithLocation(0).WithArguments("task.Result"));
    }

    [Fact]
    public async Task Result_Chained_IsReported()
    {
        await Reported(
            """
                HttpContent M(HttpClient client, string u) => client.GetAsync(u).{|#0:Result|}.Content;
            """,
            Verify.Diagnostic("BG0101").WithLocation(0).WithArguments("client.GetAsync(u).Result"));
    }

    [Fact]
    public async Task Result_Nested_IsReportedTwice()
    {
        await Reported(
            """
                int M(Task<Task<int>> task) => task.[|Result|].[|Result|];
            """);
    }

    [Fact]
    public async Task Result_OnValueTaskOnDerivedTaskAndOnConstrainedTypeParameter_IsReported()
    {
        await Reported(
            """
                class MyTask : Task<int> { public MyTask() : base(() => 1) { } }
                int A(ValueTask<int> task) => task.[|Result|];
                int B(MyTask task) => task.[|Result|];
                int D<T>(T task) where T : Task<int> => task.[|Result|];
            """);
    }

    [Theory]
    [InlineData("task.[|Wait|]();")]
    [InlineData("task.[|Wait|](1000);")]
    [InlineData("task.[|Wait|](TimeSpan.FromSeconds(1));")]
    [InlineData("task.[|Wait|](CancellationToken.None);")]
    [InlineData("task.[|Wait|](1000, CancellationToken.None);")]
    [InlineData("task.GetAwaiter().[|GetResult|]();")]
    [InlineData("task.ConfigureAwait(false).GetAwaiter().[|GetResult|]();")]
    [InlineData("valueTask.GetAwaiter().[|GetResult|]();")]
    [InlineData("valueTask.ConfigureAwait(false).GetAwaiter().[|GetResult|]();")]
    [InlineData("_ = generic.GetAwaiter().[|GetResult|]();")]
    [InlineData("_ = genericValue.ConfigureAwait(false).GetAwaiter().[|GetResult|]();")]
    [InlineData("var awaiter = task.GetAwaiter(); awaiter.[|GetResult|]();")]
    [InlineData("Task.[|WaitAll|](task, generic);")]
    [InlineData("Task.[|WaitAll|](new[] { task, generic }, 1000);")]
    [InlineData("_ = Task.[|WaitAny|](task, generic);")]
    [InlineData("Task.Run(() => 1).[|Wait|]();")]
    [InlineData("_ = Task.Run(() => 1).[|Result|];")]
    [InlineData("Task.WhenAll(task, generic).[|Wait|]();")]
    [InlineData("_ = Task.WhenAll(generic, generic).[|Result|];")]
    public async Task EveryFormOfBlockingWait_IsReported(string statement)
    {
        await Reported(
            $$"""
                void M(Task task, Task<int> generic, ValueTask valueTask, ValueTask<int> genericValue)
                {
                    {{statement}}
                }
            """);
    }

    [Fact]
    public async Task Anywhere_LambdaLocalFunctionAccessorConstructorLockAndStaticConstructor_IsReported()
    {
        await Reported(
            """
                private readonly object _gate = new object();
                private static readonly Task<int> s_task = Task.FromResult(1).ContinueWith(t => 2);
                static C() { s_task.[|Wait|](); }
                public C() { _ = s_task.[|Result|]; }
                int P => s_task.[|Result|];
                event EventHandler E { add { s_task.[|Wait|](); } remove { } }
                void M()
                {
                    Func<int> f = () => s_task.[|Result|];
                    int Local() => s_task.[|Result|];
                    lock (_gate) { s_task.[|Wait|](); }
                }
                public static C operator +(C a, C b) { s_task.[|Wait|](); return a; }
                ~C() { s_task.[|Wait|](); }
            """);
    }

    [Fact]
    public async Task TopLevelStatements_AreReported()
    {
        await new Verify.Test
        {
            TestState =
            {
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                Sources = { """
                    using System.Threading.Tasks;

                    var value = Task.Run(() => 42).[|Result|];
                    System.Console.WriteLine(value);
                    """ },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task AfterAwaitInsideABranch_IsStillReported()
    {
        await Reported(
            """
                async Task<int> M(Task<int> task, bool flag)
                {
                    if (flag)
                    {
                        await task;
                    }

                    return task.[|Result|];
                }
            """);
    }

    [Fact]
    public async Task AfterAwaitAndReassignment_IsReported()
    {
        await Reported(
            """
                async Task<int> M(Task<int> task, Func<Task<int>> next)
                {
                    await task;
                    task = next();
                    return task.[|Result|];
                }

                async Task<int> InABranchAndALoop(Task<int> task, Task<int> other, Func<Task<int>> next, bool flag)
                {
                    await task;
                    await other;
                    if (flag)
                    {
                        for (var i = 0; i < 2; i++)
                        {
                            Console.WriteLine(i);
                            task = next();
                        }
                    }

                    var sum = 0;
                    foreach (var x in new[] { 1, 2 }) { sum += x; other = x > 1 ? next() : other; }
                    return task.[|Result|] + other.[|Result|];
                }

                async Task<int> AssignedBeforeTheAwaitOnly(Task<int> task, Func<Task<int>> next)
                {
                    task = next();
                    await task;
                    return task.Result;
                }
            """);
    }

    [Fact]
    public async Task GuardOnAnotherTask_IsReported()
    {
        await Reported(
            """
                int M(Task<int> a, Task<int> b) => a.IsCompleted ? b.[|Result|] : 0;
                int N(Task<int> a) => a.IsCompleted ? 0 : a.[|Result|];
            """);
    }

    [Fact]
    public async Task AwaitOfADifferentTaskInWhenAll_IsReported()
    {
        await Reported(
            """
                async Task<int> M(Task<int> a, Task<int> b)
                {
                    await Task.WhenAll(a);
                    return b.[|Result|];
                }
            """);
    }

    // ---- Not reported: the task is complete ----

    [Fact]
    public async Task ContinueWithAntecedent_IsNotReported()
    {
        await NotReported(
            """
                Task<int> M(Task<int> task) => task.ContinueWith(t => t.Result + 1);
                Task<int> N(Task<int> task) => task.ContinueWith(antecedent => { antecedent.Wait(); return antecedent.Result; }, TaskScheduler.Default);
                Task<int> O(Task<int>[] tasks) => Task.Factory.ContinueWhenAll(tasks, all => all[0].Result);
            """);
    }

    [Fact]
    public async Task AfterAwaitOfTheSameLocalParameterOrField_IsNotReported()
    {
        await NotReported(
            """
                private Task<int> _field = Task.Run(() => 1);
                async Task<int> M(Task<int> task)
                {
                    await task;
                    var local = Task.Run(() => 2);
                    await local.ConfigureAwait(false);
                    await _field;
                    Console.WriteLine("done");
                    return task.Result + local.Result + _field.Result + this._field.Result;
                }
            """);
    }

    [Fact]
    public async Task AwaitWrittenOverLinesWithCommentsOrVerbatim_ProvesTheTask_TheWordAwaitInCommentsAndStringsDoesNot()
    {
        await Reported(
            """
                async Task<int> Spread(Task<int> task)
                {
                    await /* the task */
                        (task);
                    return task.Result;
                }

                async Task<int> Verbatim(Task<int> @task)
                {
                    await @task.ConfigureAwait(
                        false);
                    return task.Result;
                }

                async Task<int> Escaped(Task<int> task)
                {
                    await t\u0061sk;
                    return task.Result;
                }

                async Task<int> OnlyInText(Task<int> task)
                {
                    // await task
                    Console.WriteLine("await task; await(task)");
                    var awaiter = task;
                    return task.[|Result|];
                }

                async Task<int> AnotherTaskNamedLikeIt(Task<int> task, Task<int> taskToo)
                {
                    await taskToo;
                    return task.[|Result|];
                }
            """);
    }

    [Fact]
    public async Task AfterAwaitTaskWhenAll_ParamsArrayOrCollection_IsNotReported()
    {
        await NotReported(
            """
                async Task<int> M(Task<int> a, Task<int> b)
                {
                    await Task.WhenAll(a, b);
                    return a.Result + b.Result;
                }

                async Task<int> N(Task<int> a, Task<int> b)
                {
                    await Task.WhenAll(new[] { a, b }).ConfigureAwait(false);
                    return a.Result + b.Result;
                }

                async Task<int> O(List<Task<int>> tasks, Task<int>[] array)
                {
                    await Task.WhenAll(tasks);
                    await Task.WhenAll(array);
                    var sum = tasks[0].Result + array[1].Result;
                    foreach (var t in tasks)
                    {
                        sum += t.Result;
                    }

                    return sum;
                }
            """);
    }

    [Fact]
    public async Task GuardedByIsCompletedOrStatus_IsNotReported()
    {
        await NotReported(
            """
                async Task<int> M(Task<int> t)
                {
                    if (t.IsCompleted)
                    {
                        return t.Result;
                    }

                    if (t.IsCompletedSuccessfully && t.Result > 0)
                    {
                        return 1;
                    }

                    if (t.Status == TaskStatus.RanToCompletion)
                    {
                        t.Wait();
                    }

                    if (t.Status is TaskStatus.RanToCompletion)
                    {
                        t.GetAwaiter().GetResult();
                    }

                    return t.IsCompletedSuccessfully ? t.Result : await t;
                }

                int N(ValueTask<int> v) => v.IsCompletedSuccessfully ? v.Result : 0;
            """);
    }

    [Fact]
    public async Task MadeComplete_IsNotReported()
    {
        await NotReported(
            """
                void M()
                {
                    _ = Task.FromResult(1).Result;
                    Task.CompletedTask.Wait();
                    Task.CompletedTask.GetAwaiter().GetResult();
                    _ = ValueTask.FromResult(2).Result;
                    _ = new ValueTask<int>(3).Result;
                    var done = Task.FromResult("x");
                    _ = done.Result;
                }
            """);
    }

    [Fact]
    public async Task LocalsMadeComplete_InEveryForm_AreNotReported_OtherLocalsAre()
    {
        await Reported(
            """
                void M(Task<int> pending)
                {
                    var parenthesized = (Task.FromResult(1));
                    _ = parenthesized.Result;
                    var cast = (Task)Task.CompletedTask;
                    cast.Wait();
                    Task completed = Task.CompletedTask;
                    completed.GetAwaiter().GetResult();
                    ValueTask<int> targetTyped = new(3);
                    _ = targetTyped.Result;
                    var generic = Task.FromResult<string>("x");
                    _ = generic.Result;

                    var copy = pending;
                    _ = copy.[|Result|];
                    var reassigned = Task.FromResult(1);
                    reassigned = pending;
                    _ = reassigned.[|Result|];
                    var run = Task.Run(() => 1);
                    _ = run.[|Result|];
                }
            """);
    }

    [Fact]
    public async Task AwaitInAsyncLambdaOrLocalFunction_ProvesOnlyItsOwnWaits()
    {
        await Reported(
            """
                void Sync(Task<int> task)
                {
                    Func<Task> later = async () => await task;
                    _ = task.[|Result|];
                }

                void Lambda(Task<int> task)
                {
                    Func<Task<int>> f = async () =>
                    {
                        await task;
                        return task.Result;
                    };
                }

                void Local(Task<int> task)
                {
                    async Task<int> Inner()
                    {
                        await task.ConfigureAwait(false);
                        return task.Result;
                    }

                    _ = Inner();
                }

                async Task<int> Method(Task<int> task)
                {
                    await task;
                    return task.Result;
                }

                async Task<int> SameStatement(Task<int> task) => (await task) + task.Result;

                async Task<int> InsideABranch(Task<int> task, bool flag)
                {
                    if (flag)
                    {
                        await task;
                    }

                    return task.[|Result|];
                }

                async Task<int> InAnEnclosingBlock(Task<int> task, bool flag)
                {
                    await Task.WhenAll(task);
                    if (flag)
                    {
                        return task.Result;
                    }

                    return 0;
                }
            """);
    }

    // ---- Not reported: not a task ----

    [Fact]
    public async Task OtherWaitsAndUserTypes_AreNotReported()
    {
        await NotReported(
            """
                class Outcome { public int Result { get; set; } public void Wait() { } public int GetResult() => 0; }
                void M(Outcome outcome, ManualResetEventSlim mre, SemaphoreSlim semaphore, Barrier barrier, CountdownEvent countdown, object gate)
                {
                    _ = outcome.Result;
                    outcome.Wait();
                    _ = outcome.GetResult();
                    mre.Wait();
                    semaphore.Wait();
                    barrier.SignalAndWait();
                    countdown.Wait();
                    Monitor.Wait(gate);
                }
            """);
    }

    [Fact]
    public async Task NameOfAndExpressionTrees_AreNotReported()
    {
        await NotReported(
            """
                string M(Task<int> task) => nameof(task.Result);
                System.Linq.Expressions.Expression<Func<Task<int>, int>> E = t => t.Result;
                IQueryable<int> Q(IQueryable<Task<int>> tasks) => tasks.Select(t => t.Result);
            """);
    }

    [Fact]
    public async Task GeneratedCode_IsNotReported()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            // <auto-generated/>
            using System.Threading.Tasks;

            class Generated
            {
                int M(Task<int> task) => task.Result;
            }
            """);
    }

    // ---- Options ----

    [Fact]
    public async Task AllowedMethods_AreNotReported_ByNameOrTypeAndName()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    int Legacy(Task<int> t) => t.Result;
                    int Other(Task<int> t) => t.Result;
                }

                class D
                {
                    int Other(Task<int> t) => t.[|Result|];
                    int Bridge(Task<int> t) => t.Result;
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nbg0101.allowed_methods = Legacy, C.Other ,Bridge\n"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("bg0101.report_sync_main = true", true)]
    [InlineData("bg0101.report_sync_main = false", false)]
    [InlineData("bg0101.report_sync_main = maybe", true)]
    public async Task SyncMain_IsReportedUnlessTheOptionSaysNot(string option, bool reported)
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                static class Program
                {
                    static void Main() => Task.Delay(1).{{(reported ? "[|Wait|]" : "Wait")}}();
                    static void NotMain() => Task.Delay(1).[|Wait|]();
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + option + "\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task OnNet48_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                int M(Task<int> task) => task.[|Result|];
            }
            """,
            Verifiers.ReferenceAssemblyPresets.Net48);
    }

    [Fact]
    public async Task HalfTypedCode_DoesNotThrow()
    {
        await new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    int M(Task<int> task)
                    {
                        var a = task.
                        var b = task.Res
                        task.Wait(
                        Task.WaitAll(
                        return task.GetAwaiter().GetResult(
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
            // Whatever is reported on broken code is fine as long as nothing throws; these two are still recognizable.
            ExpectedDiagnostics =
            {
                Verify.Diagnostic("BG0101").WithSpan(14, 14, 14, 21).WithArguments("Task.WaitAll("),
                Verify.Diagnostic("BG0101").WithSpan(15, 34, 15, 43).WithArguments("task.GetAwaiter().GetResult("),
            },
        }.RunAsync();
    }
}

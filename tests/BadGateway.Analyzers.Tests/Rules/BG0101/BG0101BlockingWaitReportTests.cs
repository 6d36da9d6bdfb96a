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

    /// <summary>Helpers named like Task's completion properties, as Newtonsoft.Json's netstandard2.0 build has them.</summary>
    private const string CompletionHelpers = """

        static class TaskHelpers
        {
            public static bool IsCompletedSuccessfully(this Task task) => task.Status == TaskStatus.RanToCompletion;
            public static bool IsCompleted(this Task task) => task.IsCompleted;
            public static bool IsFaulted(this Task task, bool unused) => task.IsFaulted;
        }

        static class Helpers
        {
            public static bool IsCompleted(Task task) => task.IsCompleted;
        }

        static class Odd
        {
            public static int IsCompleted(this Task task, int unused) => unused;
            public static bool IsCompletedSuccessfully(this Task task, Task other) => other.IsCompleted;
        }
        """;

    private static Task ReportedWithHelpers(string members) =>
        Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n" + members + "\n}\n" + CompletionHelpers);

    // ---- Reported ----

    [Fact]
    public async Task AWaitThePeerRuleIsSilencedFor_ByPragmaOrAttribute_IsNotReported()
    {
        // The author already judged the wait for VSTHRD002 (or CA2012 for a ValueTask's .Result, as MySqlConnector's
        // "OK to read .Result because the ValueTask is completed"); another pragma, a restored one, or CA2012 on a
        // Task's wait do not count.
        await Reported("""
                int Pragma(Task<int> t, Task<int> u)
                {
            #pragma warning disable VSTHRD002 // the task ran synchronously
                    var a = t.Result;
            #pragma warning restore VSTHRD002
                    return a + u.[|Result|];
                }

                int ValueTaskResult(ValueTask<int> v, Task<int> t)
                {
            #pragma warning disable CA2012 // OK to read .Result because the ValueTask is completed
                    return v.Result + t.[|Result|];
            #pragma warning restore CA2012
                }

                int OtherRule(Task<int> t)
                {
            #pragma warning disable CA2000, IDE0059
                    return t.[|Result|];
            #pragma warning restore CA2000, IDE0059
                }

                [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "sync API")]
                int Attribute(Task<int> t) => t.Result;

                [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA1849")]
                int NotThePeer(Task<int> t) => t.[|Result|];
            """);
    }

    [Fact]
    public async Task WaitsOutsideMethodBodies_AndEscapedNames_AreReported()
    {
        // Waits whose member name is written with a Unicode escape (the text spells neither Result nor Wait), and waits in
        // field, constructor-initializer and primary-constructor code (issue #16 tried skipping code by its text).
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Base { public Base(int value) { } }

            class C : Base
            {
                static Task<int> Load() => Task.Run(() => 1);

                static readonly int Field = Load().[|Result|];

                public C() : base(Load().[|Result|]) { }

                int Escaped(Task<int> task) => task.[|\u0052esult|];

                void EscapedWait(Task task) => task.[|W\u0061it|]();
            }

            class Primary(Task<int> task) : Base(task.[|Result|]);
            """);
    }

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
    public async Task AwaiterGuardedByItsOwnIsCompleted_IsNotReported_TheSlowPathIs()
    {
        // Stripe's AsyncUtils: the stored awaiter's IsCompleted decides, not the task's (stripe-dotnet AsyncUtils.cs:59).
        await Reported(
            """
                static void Wait(ValueTask task)
                {
                    var awaiter = task.GetAwaiter();
                    if (!awaiter.IsCompleted)
                    {
                        task.AsTask().ConfigureAwait(false).GetAwaiter().[|GetResult|]();
                        return;
                    }

                    awaiter.GetResult();
                }

                static T Wait<T>(ValueTask<T> task)
                {
                    var awaiter = task.GetAwaiter();
                    if (awaiter.IsCompleted)
                    {
                        return awaiter.GetResult();
                    }

                    return task.AsTask().GetAwaiter().[|GetResult|]();
                }

                static int Unguarded(Task<int> task, Task<int> other)
                {
                    var awaiter = task.GetAwaiter();
                    var second = other.GetAwaiter();
                    if (!second.IsCompleted)
                    {
                        return 0;
                    }

                    return awaiter.[|GetResult|]();
                }

                static int Reassigned(Task<int> task, Task<int> other)
                {
                    var awaiter = task.GetAwaiter();
                    if (!awaiter.IsCompleted)
                    {
                        return 0;
                    }

                    awaiter = other.GetAwaiter();
                    return awaiter.[|GetResult|]();
                }
            """);
    }

    [Fact]
    public async Task CallsToldToRunSynchronously_AreNotReported_OtherModesAre()
    {
        // MySqlConnector: one async body for both APIs, the sync one passing IOBehavior.Synchronous (MySqlConnection.cs:517);
        // Npgsql and the Azure SDK pass a bool `async: false`.
        await Reported(
            """
                enum IOBehavior { Synchronous, Asynchronous }
                enum Mode { Fast, Slow }

                ValueTask<int> ReadAsync(IOBehavior ioBehavior) => new(1);
                Task<int> ReadAsync(bool async) => Task.FromResult(1);
                Task<int> LoadAsync(bool runSynchronously) => Task.FromResult(1);
                Task<int> SendAsync(bool isAsync, CancellationToken token) => Task.FromResult(1);
                Task<int> ModeAsync(Mode mode) => Task.FromResult(1);

                int Sync(IOBehavior given)
                {
                    var a = ReadAsync(IOBehavior.Synchronous).GetAwaiter().GetResult();
                    var b = ReadAsync(IOBehavior.Synchronous).Result;
                    var c = ReadAsync(async: false).Result;
                    var d = SendAsync(false, CancellationToken.None).ConfigureAwait(false).GetAwaiter().GetResult();
                    var e = LoadAsync(runSynchronously: true).Result;
                    var f = ReadAsync(IOBehavior.Asynchronous).GetAwaiter().[|GetResult|]();
                    var g = ReadAsync(given).GetAwaiter().[|GetResult|]();
                    var h = ReadAsync(async: true).[|Result|];
                    var i = LoadAsync(runSynchronously: false).[|Result|];
                    var j = ModeAsync(Mode.Fast).[|Result|];
                    var k = (given == IOBehavior.Synchronous ? ReadAsync(async: false) : LoadAsync(runSynchronously: true)).GetAwaiter().GetResult();
                    var l = (a > 0 ? ReadAsync(async: false) : ReadAsync(async: true)).GetAwaiter().[|GetResult|]();
                    return a + b + c + d + e + f + g + h + i + j + k + l;
                }
            """);
    }

    [Fact]
    public async Task SyncBranchOfADualPath_WhoseOtherBranchAwaitsTheSameTask_IsNotReported()
    {
        // Npgsql's NpgsqlCommand.cs:792: `if (async) await sendTask.ConfigureAwait(false); else sendTask.GetAwaiter().GetResult();`.
        await Reported(
            """
                async Task Send(bool async, Task sendTask, Task other, bool verbose)
                {
                    if (async)
                        await sendTask.ConfigureAwait(false);
                    else
                        sendTask.GetAwaiter().GetResult();

                    if (!async)
                    {
                        sendTask.Wait();
                    }
                    else
                    {
                        await sendTask;
                    }

                    if (async)
                        await other;
                    else
                        sendTask.GetAwaiter().[|GetResult|]();

                    if (verbose)
                        await sendTask;
                    else
                        sendTask.[|Wait|]();
                }
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

    [Fact]
    public async Task GuardedByAHelperMethodNamedLikeTheProperty_IsNotReported()
    {
        await ReportedWithHelpers(
            """
                int Extension(Task<int> t) => t.IsCompletedSuccessfully() ? t.Result : 0;
                int StaticForm(Task<int> t) => TaskHelpers.IsCompleted(t) ? t.Result : 0;
                int Static(Task<int> t) => Helpers.IsCompleted(t) ? t.Result : 0;
                int Named(Task<int> t) => TaskHelpers.IsCompletedSuccessfully(task: t) ? t.GetAwaiter().GetResult() : 0;
                int Configured(Task<int> t) => t.IsCompleted() ? t.ConfigureAwait(false).GetAwaiter().GetResult() : 0;

                int Chain(Task<int> a, Task<int> b, bool flag)
                {
                    if (flag && a.IsCompletedSuccessfully() && Helpers.IsCompleted(b))
                    {
                        return a.Result + b.Result;
                    }

                    return a.IsCompletedSuccessfully() && a.Result > 0 ? 1 : 0;
                }

                void Faulted(Task t)
                {
                    if (t.IsFaulted(true))
                    {
                        t.Wait();
                    }
                }

                int Else(Task<int> t) => !t.IsCompletedSuccessfully() ? -1 : t.Result;
                bool Or(Task<int> t) => !t.IsCompleted() || t.Result > 0;
                Func<Task<int>, int> Lambda => t => t.IsCompletedSuccessfully() ? t.Result : 0;
                int Field() => _task.IsCompleted() ? _task.Result : 0;
                private Task<int> _task = Task.Run(() => 1);
            """);
    }

    [Fact]
    public async Task AfterAnEarlyExitOnANegatedGuard_IsNotReported()
    {
        await ReportedWithHelpers(
            """
                int Return(Task<int> t)
                {
                    if (!t.IsCompletedSuccessfully())
                    {
                        return 0;
                    }

                    return t.Result;
                }

                int Throw(Task<int> t)
                {
                    if (!t.IsCompleted()) throw new InvalidOperationException();
                    Console.WriteLine();
                    return t.GetAwaiter().GetResult();
                }

                int Property(Task<int> t)
                {
                    if (!t.IsCompleted) return -1;
                    return t.Result;
                }

                void FaultedOrCanceledProperty(Task t)
                {
                    if (t.IsFaulted || t.IsCanceled)
                    {
                        return;
                    }

                    if (t.IsFaulted) t.Wait();
                    if (t.IsCanceled) t.GetAwaiter().GetResult();
                }

                int Both(Task<int> a, Task<int> b)
                {
                    if (!a.IsCompletedSuccessfully() || !Helpers.IsCompleted(b))
                    {
                        Console.WriteLine("not yet");
                        return 0;
                    }

                    return a.Result + b.Result;
                }

                int Loop(List<Task<int>> tasks)
                {
                    var sum = 0;
                    foreach (var t in tasks)
                    {
                        if (!t.IsCompleted()) continue;
                        sum += t.Result;
                    }

                    return sum;
                }

                IEnumerable<int> Iterator(Task<int> t)
                {
                    if (!t.IsCompleted()) yield break;
                    yield return t.Result;
                }

                void Local(Task<int> t)
                {
                    int Inner()
                    {
                        if (!t.IsCompleted()) return 0;
                        return t.Result;
                    }

                    _ = Inner();
                }
            """);
    }

    [Fact]
    public async Task GuardsThatDoNotProveTheTask_AreReported()
    {
        await ReportedWithHelpers(
            """
                int OtherTask(Task<int> a, Task<int> b) => a.IsCompleted() ? b.[|Result|] : 0;
                int NotBool(Task<int> t) => t.IsCompleted(1) > 0 ? t.[|Result|] : 0;
                int SecondArgument(Task<int> t, Task<int> u) => u.IsCompletedSuccessfully(t) ? t.[|Result|] : 0;
                int WrongBranch(Task<int> t) => t.IsCompleted() ? 0 : t.[|Result|];
                int NegatedTrueBranch(Task<int> t) => !t.IsCompleted() ? t.[|Result|] : 0;
                bool OrWithoutNegation(Task<int> t) => t.IsCompleted() || t.[|Result|] > 0;

                int NoExit(Task<int> t)
                {
                    if (!t.IsCompleted())
                    {
                        Console.WriteLine("waiting");
                    }

                    return t.[|Result|];
                }

                int WrongPolarity(Task<int> t)
                {
                    if (t.IsCompleted()) return 0;
                    return t.[|Result|];
                }

                int WithElse(Task<int> t)
                {
                    if (!t.IsCompleted()) return 0; else Console.WriteLine();
                    return t.[|Result|];
                }

                int Reassigned(Task<int> t, Func<Task<int>> next)
                {
                    if (!t.IsCompleted()) return 0;
                    t = next();
                    return t.[|Result|];
                }

                int AfterTheWait(Task<int> t)
                {
                    var value = t.[|Result|];
                    if (!t.IsCompleted()) return 0;
                    return value;
                }

                int InsideALambdaOnly(Task<int> t)
                {
                    Func<int> check = () => { if (!t.IsCompleted()) return 0; return 1; };
                    return t.[|Result|];
                }

                int Goto(Task<int> t)
                {
                    if (!t.IsCompleted()) goto Done;
                    Done:
                    return t.[|Result|];
                }

                IEnumerable<int> YieldReturn(Task<int> t)
                {
                    if (!t.IsCompleted()) yield return 0;
                    yield return t.[|Result|];
                }
            """);
    }

    [Fact]
    public async Task AfterAnUnconditionalWaitOnTheSameTask_OnlyTheFirstWaitIsReported()
    {
        await Reported(
            """
                private Task<int> _field = Task.Run(() => 1);

                int Local()
                {
                    var t = Task.Run(() => 1);
                    t.[|Wait|]();
                    return t.GetAwaiter().GetResult();
                }

                int Parameter(Task<int> t, CancellationToken ct)
                {
                    t.[|Wait|](ct);
                    Console.WriteLine("done");
                    return t.Result + t.ConfigureAwait(false).GetAwaiter().GetResult();
                }

                int Field()
                {
                    _field.[|Wait|]();
                    return this._field.Result;
                }

                int ResultThenResult(Task<int> t)
                {
                    var first = t.[|Result|];
                    return first + t.Result;
                }

                int SameExpression(Task<int> t) => t.[|Result|] + t.Result;

                int WaitAll(Task<int> a, Task<int> b)
                {
                    Task.[|WaitAll|](a, b);
                    return a.Result + b.GetAwaiter().GetResult();
                }

                int WaitAllArray(Task<int> a, Task<int> b)
                {
                    Task.[|WaitAll|](new[] { a, b }, CancellationToken.None);
                    return a.Result;
                }

                void InALambda(Task<int> t)
                {
                    Func<int> f = () =>
                    {
                        t.[|Wait|]();
                        return t.Result;
                    };
                }

                void InALocalFunction(Task<int> t)
                {
                    int Inner() { t.[|Wait|](); return t.Result; }
                    _ = Inner();
                }

                int InAnEnclosingBlock(Task<int> t, bool flag)
                {
                    t.[|Wait|]();
                    if (flag)
                    {
                        using (var gate = new SemaphoreSlim(1))
                        {
                            return t.Result;
                        }
                    }

                    return 0;
                }
            """);
    }

    [Fact]
    public async Task AfterAWaitThatMayNotHaveCompletedTheTask_IsReported()
    {
        await Reported(
            """
                int InABranch(Task<int> t, bool flag)
                {
                    if (flag)
                    {
                        t.[|Wait|]();
                    }

                    return t.[|Result|];
                }

                int InABranchWithoutBraces(Task<int> t, bool flag)
                {
                    if (flag) t.[|Wait|]();
                    return t.[|Result|];
                }

                int Timeout(Task<int> t)
                {
                    t.[|Wait|](1000);
                    _ = t.[|Wait|](TimeSpan.FromSeconds(1));
                    if (!t.[|Wait|](1000, CancellationToken.None)) return 0;
                    return t.[|Result|];
                }

                int WaitAllWithTimeout(Task<int> a, Task<int> b)
                {
                    Task.[|WaitAll|](new[] { a, b }, 1000);
                    return a.[|Result|];
                }

                int WaitAny(Task<int> a, Task<int> b)
                {
                    Task.[|WaitAny|](a, b);
                    return a.[|Result|];
                }

                int AnotherTask(Task<int> t, Task<int> u)
                {
                    u.[|Wait|]();
                    return t.[|Result|];
                }

                int Reassigned(Task<int> t, Func<Task<int>> next)
                {
                    t.[|Wait|]();
                    t = next();
                    return t.[|Result|];
                }

                int InALambdaBefore(Task<int> t)
                {
                    Action wait = () => t.[|Wait|]();
                    return t.[|Result|];
                }

                int InAConditionalBefore(Task<int> t, bool flag)
                {
                    var first = flag ? t.[|Result|] : 0;
                    var second = flag && t.[|Result|] > 0;
                    var third = (int?)null ?? t.[|Result|];
                    return t.[|Result|];
                }

                int InALoopBefore(Task<int> t, int n)
                {
                    for (var i = 0; i < n; i++) t.[|Wait|]();
                    return t.[|Result|];
                }

                int InATryWhoseCatchGoesOnWithTheTaskRunning(Task<int> t, CancellationToken token)
                {
                    // Wait(token) throws OperationCanceledException when the token fires, with the task still running.
                    try { t.[|Wait|](token); } catch (OperationCanceledException) { }
                    return t.[|Result|];
                }

                int InATryWhoseCatchTakesEverything(Task<int> t, CancellationToken token)
                {
                    try { t.[|Wait|](token); } catch (Exception) { Console.WriteLine("gave up"); }
                    return t.[|Result|];
                }

                int InATryAfterAnotherStatement(Task<int> t, Action before)
                {
                    // before() may throw into the catch before the wait has run.
                    try { before(); t.[|Wait|](); } catch (AggregateException) { }
                    return t.[|Result|];
                }

                int InATryAsPartOfAnotherCall(Task<int> t, Action<int> log)
                {
                    try { log(t.[|Result|]); } catch (InvalidOperationException) { }
                    return t.[|Result|];
                }

                int ValueTaskTwice(ValueTask<int> v) => v.[|Result|] + v.[|Result|];

                int AWaitAfterTheResult_ProvesNothingBeforeIt(Task<int> t)
                {
                    var value = t.[|Result|];
                    t.Wait();
                    return value;
                }
            """);
    }

    [Fact]
    public async Task ATaskWaitedAtTheStartOfATry_WhoseCatchesCannotGoOnWithItRunning_IsNotReportedAfterIt()
    {
        // App-vNext/Polly's synchronous pessimistic timeout (TimeoutEngine): the Wait is reported, the Result after it
        // never blocks. A catch of AggregateException is entered only once the task has faulted or been cancelled.
        await Reported(
            """
                int Pessimistic(Task<int> actionTask, CancellationTokenSource timeout)
                {
                    try
                    {
                        actionTask.[|Wait|](timeout.Token);
                    }
                    catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException!).Throw();
                    }

                    return actionTask.Result;
                }

                int CatchThatLeaves(Task<int> t, CancellationToken token)
                {
                    try { t.[|Wait|](token); }
                    catch (OperationCanceledException) { throw new TimeoutException(); }
                    catch (AggregateException) { }
                    finally { Console.WriteLine("done"); }
                    return t.Result;
                }

                int NestedTries(Task<int> t)
                {
                    try
                    {
                        try { t.[|Wait|](); } catch (AggregateException) { }
                        Console.WriteLine("waited");
                    }
                    catch (InvalidOperationException) { return 0; }
                    return t.GetAwaiter().GetResult();
                }

                int DiscardedResult(Task<int> t)
                {
                    try { _ = t.[|Result|]; } catch (AggregateException) { }
                    return t.Result;
                }

                async Task<int> AwaitedInATry(Task<int> t)
                {
                    // Any exception out of await t is the task's own: it is complete whatever the catch does.
                    try { await t; } catch (Exception) { Console.WriteLine("failed"); }
                    return t.Result;
                }

                int GetResultInATry(Task t, Task<int> u)
                {
                    try { t.GetAwaiter().[|GetResult|](); } catch (Exception) { }
                    t.Wait();
                    return u.[|Result|];
                }
            """);
    }

    [Fact]
    public async Task ElementsOfACollectionAwaitedWithWhenAll_ReadInALambdaOverIt_AreNotReported()
    {
        await NotReported(
            """
                async Task<int> Sum(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks);
                    return tasks.Sum(t => t.Result);
                }

                async Task<int[]> Select(Task<int>[] tasks)
                {
                    await Task.WhenAll(tasks).ConfigureAwait(false);
                    return tasks.Select(t => t.GetAwaiter().GetResult()).ToArray();
                }

                async Task<List<int>> Chain(IEnumerable<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks);
                    return tasks.Where(t => t.IsCompletedSuccessfully).OrderBy(t => t.Id).Select(t => t.Result).ToList();
                }

                async Task<int> MaterializedLocal(IEnumerable<string> urls, Func<string, Task<int>> get)
                {
                    var tasks = urls.Select(get).ToList();
                    await Task.WhenAll(tasks);
                    var total = 0;
                    tasks.ForEach(t => total += t.Result);
                    Array.ForEach(tasks.ToArray(), t => total += t.Result);
                    return total + tasks.Max(t => t.Result);
                }

                async Task<int> ToArrayAndLinqSteps(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks.ToArray());
                    return tasks.Skip(1).Sum(t => t.Result) + tasks.OrderBy(t => t.Id).Max(t => t.Result);
                }

                async Task<int> ExpressionBody(Task<int>[] tasks) => (await Task.WhenAll(tasks)).Length + tasks.Sum(t => t.Result);
            """);
    }

    [Fact]
    public async Task ElementsOfACollectionPassedToWaitAll_OnlyWaitAllIsReported()
    {
        await Reported(
            """
                int Lambda(Task<int>[] tasks)
                {
                    Task.[|WaitAll|](tasks);
                    return tasks.Sum(t => t.Result);
                }

                int Foreach(List<Task<int>> tasks)
                {
                    Task.[|WaitAll|](tasks.ToArray());
                    var sum = 0;
                    foreach (var t in tasks) sum += t.Result;
                    return sum;
                }

                int Indexer(Task<int>[] tasks, CancellationToken ct)
                {
                    Task.[|WaitAll|](tasks, ct);
                    return tasks[0].Result + tasks[tasks.Length - 1].GetAwaiter().GetResult();
                }
            """);
    }

    [Fact]
    public async Task ElementsOfACollectionNotKnownToBeComplete_AreReported()
    {
        await Reported(
            """
                int NotAwaited(List<Task<int>> tasks) => tasks.Sum(t => t.[|Result|]);

                async Task<int> AnotherCollection(List<Task<int>> tasks, List<Task<int>> others)
                {
                    await Task.WhenAll(others);
                    return tasks.Sum(t => t.[|Result|]);
                }

                async Task<int> AddedToBetween(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks);
                    tasks.Add(Task.Run(() => 1));
                    return tasks.Sum(t => t.[|Result|]);
                }

                async Task<int> ElementReplacedBetween(Task<int>[] tasks)
                {
                    await Task.WhenAll(tasks);
                    tasks[0] = Task.Run(() => 1);
                    var sum = tasks.Sum(t => t.[|Result|]);
                    foreach (var t in tasks) sum += t.[|Result|];
                    return sum + tasks[1].[|Result|];
                }

                async Task<int> Reassigned(List<Task<int>> tasks, Func<List<Task<int>>> next)
                {
                    await Task.WhenAll(tasks);
                    tasks = next();
                    return tasks.Select(t => t.[|Result|]).Sum();
                }

                async Task<int> DeferredQuery(IEnumerable<string> urls, Func<string, Task<int>> get)
                {
                    var tasks = urls.Select(u => get(u));
                    await Task.WhenAll(tasks);
                    var sum = tasks.Sum(t => t.[|Result|]);
                    foreach (var t in tasks) sum += t.[|Result|];
                    return sum;
                }

                async Task<int> InABranch(List<Task<int>> tasks, bool flag)
                {
                    if (flag)
                    {
                        await Task.WhenAll(tasks);
                    }

                    return tasks.Sum(t => t.[|Result|]);
                }

                async Task<int> SecondParameter(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks);
                    return new[] { 1 }.Zip(tasks, (n, t) => n + t.[|Result|]).Sum();
                }

                int WaitAllWithTimeout(Task<int>[] tasks)
                {
                    Task.[|WaitAll|](tasks, 1000);
                    return tasks.Sum(t => t.[|Result|]);
                }

                async Task<int> InANestedSynchronousLambda_TheAwaitProvesOnlyItsOwnFunction(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks);
                    Func<int> later = () => tasks.Sum(t => t.[|Result|]);
                    return later();
                }

                async Task<int> OnlySomeAwaited(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks.Where(t => t.Id > 1));
                    await Task.WhenAll(tasks.Take(1).ToArray());
                    return tasks.Sum(t => t.[|Result|]);
                }

                async Task<int> AwaitedAfterTheLambda(List<Task<int>> tasks)
                {
                    var sum = tasks.Sum(t => t.[|Result|]);
                    await Task.WhenAll(tasks);
                    return sum;
                }
            """);
    }

    [Fact]
    public async Task AfterAnAwaitInAnIfWithoutBraces_IsReported()
    {
        await Reported(
            """
                async Task<int> M(Task<int> task, bool flag)
                {
                    if (flag) await task;
                    var other = flag ? await task : 0;
                    return task.[|Result|];
                }
            """);
    }

    [Fact]
    public async Task HalfTypedGuardsWaitsAndLambdas_DoNotThrow()
    {
        await new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    async Task<int> M(Task<int> t, List<Task<int>> tasks)
                    {
                        if (!t.IsCompleted(
                        t.Wait(
                        await Task.WhenAll(tasks
                        var a = tasks.Sum(x => x.
                        var b = tasks.Select((x, ) => x.Result
                        Task.WaitAll(;
                        return t.Result
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
            // Whatever is reported on broken code is fine as long as nothing throws; the broken guard, wait and WhenAll
            // prove nothing, so these waits are still reported.
            ExpectedDiagnostics =
            {
                Verify.Diagnostic("BG0101").WithSpan(15, 41, 15, 47).WithArguments("x.Result"),
                Verify.Diagnostic("BG0101").WithSpan(16, 14, 16, 21).WithArguments("Task.WaitAll("),
                Verify.Diagnostic("BG0101").WithSpan(17, 18, 17, 24).WithArguments("t.Result"),
            },
        }.RunAsync();
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

    // ---- A task reached through another object's member (real code: YARP's forwarder) ----

    [Fact]
    public async Task MemberChainTask_GuardedByTheSameChain_DirectlyOrThroughABoolLocal_IsNotReported()
    {
        await NotReported("""
                class Content { public Task<int> ConsumptionTask { get; } = Task.FromResult(1); }

                int Tried(Content content)
                {
                    var tried = content?.ConsumptionTask.IsCompleted == true;
                    var (first, second) = (1, 2);
                    if (tried)
                    {
                        var (value, _) = (content!.ConsumptionTask.Result, first + second);
                        return value;
                    }

                    if (content.ConsumptionTask.IsCompletedSuccessfully && content != null)
                    {
                        return content .ConsumptionTask .Result;
                    }

                    return content.ConsumptionTask.IsCompleted ? content.ConsumptionTask.GetAwaiter().GetResult() : 0;
                }
            """);
    }

    [Fact]
    public async Task MemberChainTask_GuardedByAnotherChain_OrABoolLocalAssignedAgain_IsReported()
    {
        await Reported(
            """
                class Content { public Task<int> ConsumptionTask { get; } = Task.FromResult(1); public Task<int> Other { get; } = Task.FromResult(1); }

                int Tried(Content content, Content second, bool force)
                {
                    var tried = content.ConsumptionTask.IsCompleted;
                    if (force) (tried, force) = (true, false);
                    if (tried)
                    {
                        return content.ConsumptionTask.{|#0:Result|};
                    }

                    if (second.ConsumptionTask.IsCompleted)
                    {
                        return content.ConsumptionTask.{|#1:Result|};
                    }

                    return content.Other.IsCompleted ? content.ConsumptionTask.GetAwaiter().{|#2:GetResult|}() : 0;
                }
            """,
            Verify.Diagnostic("BG0101").WithLocation(0).WithArguments("content.ConsumptionTask.Result"),
            Verify.Diagnostic("BG0101").WithLocation(1).WithArguments("content.ConsumptionTask.Result"),
            Verify.Diagnostic("BG0101").WithLocation(2).WithArguments("content.ConsumptionTask.GetAwaiter().GetResult()"));
    }

    // ---- Handlers of the process's last moments (real code: Exceptionless flushing its queue on exit) ----

    [Theory]
    [InlineData("AppDomain.CurrentDomain.ProcessExit += (s, e) => Flush().GetAwaiter().GetResult();")]
    [InlineData("AppDomain.CurrentDomain.ProcessExit += (s, e) => { Flush().Wait(); };")]
    [InlineData("AppDomain.CurrentDomain.DomainUnload += delegate { Flush().Wait(); };")]
    [InlineData("AppDomain.CurrentDomain.UnhandledException += (s, e) => Flush().ConfigureAwait(false).GetAwaiter().GetResult();")]
    [InlineData("System.Runtime.Loader.AssemblyLoadContext.Default.Unloading += c => Flush().Wait();")]
    [InlineData("EventHandler onExit = (s, e) => Flush().Wait(); AppDomain.CurrentDomain.ProcessExit += onExit;")]
    [InlineData("_onExit = (s, e) => Flush().Wait(); AppDomain.CurrentDomain.ProcessExit += _onExit;")]
    [InlineData("_onExit = (s, e) => Flush().Wait(); AppDomain.CurrentDomain.ProcessExit += new EventHandler(_onExit);")]
    [InlineData("UnhandledExceptionEventHandler h = (s, e) => Flush().Wait(); Subscribe(h);")]
    public async Task WaitInAShutdownHandlerLambda_IsNotReported(string subscription)
    {
        await NotReported($$"""
                private EventHandler _onExit;
                static Task Flush() => Task.Delay(1);
                void Subscribe(UnhandledExceptionEventHandler h) => AppDomain.CurrentDomain.UnhandledException += h;

                void Start()
                {
                    {{subscription}}
                }
            """);
    }

    [Theory]
    [InlineData("AppDomain.CurrentDomain.ProcessExit += OnExit;")]
    [InlineData("AppDomain.CurrentDomain.ProcessExit += new EventHandler(this.OnExit);")]
    [InlineData("AppDomain.CurrentDomain.UnhandledException += OnExit;")]
    public async Task WaitInAShutdownHandlerMethod_IsNotReported(string subscription)
    {
        await NotReported($$"""
                static Task Flush() => Task.Delay(1);
                void Start() => {{subscription}}
                void OnExit(object sender, EventArgs e) => Flush().Wait();
                void OnExit(object sender, UnhandledExceptionEventArgs e) { Flush().GetAwaiter().GetResult(); }
            """);
    }

    [Theory]
    [InlineData("AppDomain.CurrentDomain.AssemblyLoad += (s, e) => Flush().{|#0:Wait|}();")]
    [InlineData("Console.CancelKeyPress += (s, e) => Flush().{|#0:Wait|}();")]
    [InlineData("EventHandler onExit = (s, e) => Flush().{|#0:Wait|}(); Keep(onExit);")]
    [InlineData("_onExit = (s, e) => Flush().{|#0:Wait|}(); AppDomain.CurrentDomain.ProcessExit -= _onExit;")]
    [InlineData("AppDomain.CurrentDomain.ProcessExit += (s, e) => Task.Run(() => Flush().{|#0:Wait|}());")]
    [InlineData("AppDomain.CurrentDomain.ProcessExit += (s, e) => { void Local() => Flush().{|#0:Wait|}(); Local(); };")]
    public async Task WaitOutsideAShutdownHandler_IsReported(string subscription)
    {
        await Reported(
            $$"""
                private EventHandler _onExit;
                static Task Flush() => Task.Delay(1);
                static void Keep(EventHandler h) { }

                void Start()
                {
                    {{subscription}}
                }
            """,
            Verify.Diagnostic("BG0101").WithLocation(0).WithArguments("Flush().Wait()"));
    }

    private const string HostLifetime = """

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostApplicationLifetime
            {
                CancellationToken ApplicationStarted { get; }
                CancellationToken ApplicationStopping { get; }
                CancellationToken ApplicationStopped { get; }
                void StopApplication();
            }
        }
        """;

    [Fact]
    public async Task WaitInACallbackTheHostRunsAsItStops_IsNotReported_ElsewhereItIs()
    {
        // Exceptionless's UseExceptionless (no hosted service registered): the host runs the Action as it shuts down and
        // goes on when it returns, so the flush must block there. Started, other tokens and other calls are reported.
        await Verify.VerifyAnalyzerAsync(Usings + """
            using Microsoft.Extensions.Hosting;

            class C
            {
                static Task Flush() => Task.Delay(1);

                void Use(IHostApplicationLifetime lifetime, CancellationToken token)
                {
                    lifetime.ApplicationStopping.Register(() => Flush().ConfigureAwait(false).GetAwaiter().GetResult());
                    lifetime.ApplicationStopped.Register(() => { Flush().Wait(); });
                    lifetime.ApplicationStopping.Register(state => Flush().Wait(), null);
                    lifetime.ApplicationStarted.Register(() => Flush().{|#0:Wait|}());
                    token.Register(() => Flush().{|#1:Wait|}());
                    lifetime.ApplicationStopping.Register(() => Task.Run(() => Flush().{|#2:Wait|}()));
                }
            }
            """ + HostLifetime,
            Verify.Diagnostic("BG0101").WithLocation(0).WithArguments("Flush().Wait()"),
            Verify.Diagnostic("BG0101").WithLocation(1).WithArguments("Flush().Wait()"),
            Verify.Diagnostic("BG0101").WithLocation(2).WithArguments("Flush().Wait()"));
    }

    [Fact]
    public async Task WaitInAShutdownHandlerMethodTakingObjects_IsNotReported()
    {
        await NotReported("""
                static Task Flush() => Task.Delay(1);
                void Start() => AppDomain.CurrentDomain.ProcessExit += OnExit;
                void OnExit(object sender, object e) => Flush().Wait();
            """);
    }

    [Fact]
    public async Task WaitInAnOverloadOfASubscribedHandlerThatCannotHandleTheEvent_IsReported()
    {
        // Only the (object, EventArgs) overload is the handler; the other takes what no shutdown event passes.
        await Reported(
            """
                static Task Flush() => Task.Delay(1);
                void Start() => AppDomain.CurrentDomain.ProcessExit += OnExit;
                void OnExit(object sender, EventArgs e) => Flush().Wait();
                void OnExit(bool detailed, string node) => Flush().{|#0:Wait|}();
            """,
            Verify.Diagnostic("BG0101").WithLocation(0).WithArguments("Flush().Wait()"));
    }

    [Fact]
    public async Task WaitInAMethodNamedLikeAHandlerButNotSubscribed_IsReported()
    {
        await Reported(
            """
                static Task Flush() => Task.Delay(1);
                void OnExit(object sender, EventArgs e) => Flush().{|#0:Wait|}();
                void Start() => AppDomain.CurrentDomain.ProcessExit += OnOtherExit;
                void OnOtherExit(object sender, EventArgs e) { }
            """,
            Verify.Diagnostic("BG0101").WithLocation(0).WithArguments("Flush().Wait()"));
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

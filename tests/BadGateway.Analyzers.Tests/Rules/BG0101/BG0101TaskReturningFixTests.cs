using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101 in a method that already returns a task but is not async (often an override of a framework's async method):
/// "Use await" makes it async in place, so its signature, its callers and its base stay as they are.
/// </summary>
public class BG0101TaskReturningFixTests
{
    private static Task VerifyAsync(string source, string fixedSource, string equivalenceKey, int fixAllIterations = 1)
    {
        var test = new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            NumberOfFixAllIterations = fixAllIterations,
        };
        return test.RunAsync();
    }

    [Fact]
    public async Task OverrideReturningTaskOfT_BecomesAsync_ResultIsAwaited_FromResultIsUnwrapped()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            abstract class Handler
            {
                public abstract Task<string> HandleAsync(string path, CancellationToken cancellationToken);
            }

            sealed class PageHandler : Handler
            {
                private readonly Func<string, Task<string>> _render;

                public PageHandler(Func<string, Task<string>> render) => _render = render;

                public override Task<string> HandleAsync(string path, CancellationToken cancellationToken)
                {
                    // Render first.
                    var html = _render(path).[|Result|];
                    return Task.FromResult("<html>" + html);
                }
            }
            """,
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            abstract class Handler
            {
                public abstract Task<string> HandleAsync(string path, CancellationToken cancellationToken);
            }

            sealed class PageHandler : Handler
            {
                private readonly Func<string, Task<string>> _render;

                public PageHandler(Func<string, Task<string>> render) => _render = render;

                public override async Task<string> HandleAsync(string path, CancellationToken cancellationToken)
                {
                    // Render first.
                    var html = await _render(path);
                    return "<html>" + html;
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task TaskMethodEndingInCompletedTask_BecomesAsync_TheLastReturnGoes_AnEarlyOneLosesItsValue()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Worker
            {
                public Task StopAsync(Task pending, bool quick)
                {
                    if (quick)
                    {
                        return Task.CompletedTask;
                    }

                    pending.[|Wait|]();
                    return Task.CompletedTask;
                }
            }
            """,
            """
            using System.Threading.Tasks;

            public class Worker
            {
                public async Task StopAsync(Task pending, bool quick)
                {
                    if (quick)
                    {
                        return;
                    }

                    await pending;
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task ExpressionBodiedValueTaskOfT_BecomesAsync_TheValueTaskAroundTheResultGoes()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Cache
            {
                public ValueTask<int> CountAsync(Task<int[]> items) => new ValueTask<int>(items.[|Result|].Length);
            }
            """,
            """
            using System.Threading.Tasks;

            public class Cache
            {
                public async ValueTask<int> CountAsync(Task<int[]> items) => (await items).Length;
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task ValueTaskOfT_AroundAResult_IsUnwrapped_AroundATaskOrFromAHelper_IsAwaited()
    {
        // MySqlConnector's StreamByteHandler shape: a ValueTask<int> local function that wraps a waited result, and
        // returns other ValueTasks in other branches.
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            public static class Reader
            {
                public static ValueTask<int> ReadAsync(Func<Task<int>> read, Task<int> pending, bool again, long size)
                {
                    try
                    {
                        if (again)
                        {
                            return new ValueTask<int>(pending);
                        }

                        // wait for the read here
                        return new ValueTask<int>(read().GetAwaiter().[|GetResult|]());
                    }
                    catch (Exception ex)
                    {
                        return Failed<int>(ex);
                    }
                }

                public static ValueTask<long> SizeAsync(Task<int> pending) => new(pending.[|Result|]);

                private static ValueTask<T> Failed<T>(Exception ex) => new ValueTask<T>(Task.FromException<T>(ex));
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            public static class Reader
            {
                public static async ValueTask<int> ReadAsync(Func<Task<int>> read, Task<int> pending, bool again, long size)
                {
                    try
                    {
                        if (again)
                        {
                            return await new ValueTask<int>(pending);
                        }

                        // wait for the read here
                        return await read();
                    }
                    catch (Exception ex)
                    {
                        return await Failed<int>(ex);
                    }
                }

                public static async ValueTask<long> SizeAsync(Task<int> pending) => await pending;

                private static ValueTask<T> Failed<T>(Exception ex) => new ValueTask<T>(Task.FromException<T>(ex));
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task TwoWaitsInOneMethod_FixAll_MakesItAsyncOnce()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Totals
            {
                public Task<int> SumAsync(Task<int> a, Task<int> b)
                {
                    var first = a.[|Result|];
                    var second = b.GetAwaiter().[|GetResult|]();
                    return Task.FromResult(first + second);
                }
            }
            """,
            """
            using System.Threading.Tasks;

            public class Totals
            {
                public async Task<int> SumAsync(Task<int> a, Task<int> b)
                {
                    var first = await a;
                    var second = await b;
                    return first + second;
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
            fixAllIterations: 1);
    }

    [Fact]
    public async Task MakeAsync_ACallerThatReturnsATask_IsMadeAsyncInPlace_AndAwaits()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                class Store
                {
                    private int Load(Task<int> pending) => pending.[|Result|];

                    public Task<int> NextAsync(Task<int> pending) => Task.FromResult(Load(pending) + 1);
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                class Store
                {
                    private async Task<int> LoadAsync(Task<int> pending) => await pending;

                    public async Task<int> NextAsync(Task<int> pending) => await LoadAsync(pending) + 1;
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.RunAsync();
    }

    [Fact]
    public async Task NonGenericTaskReturningAnotherTask_OrAVoidMethod_IsNotMadeAsyncInPlace()
    {
        // 'return other;' in a Task method cannot become 'return;' without dropping the other task: no "Use await".
        var source = """
            using System.Threading.Tasks;

            public class Chain
            {
                public Task RunAsync(Task first, Task second)
                {
                    first.[|Wait|]();
                    return second;
                }
            }
            """;
        await new VerifyCS.Test { TestCode = source, FixedCode = source }.RunAsync();

        // A void method is not a task-returning one: "Make async" as before (private, so no public API changes).
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                class Runner
                {
                    private void Run(Task pending) => pending.[|Wait|]();
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;

                class Runner
                {
                    private async Task RunAsync(Task pending) => await pending;
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.RunAsync();
    }
}

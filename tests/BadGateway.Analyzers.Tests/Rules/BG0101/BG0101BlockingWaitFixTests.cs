using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>BG0101's two fixes: "Use await" and "Make 'M' async and update callers".</summary>
public class BG0101BlockingWaitFixTests
{
    private static Task VerifyAsync(string source, string fixedSource, string equivalenceKey, params DiagnosticResult[] fixedDiagnostics)
    {
        var test = new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.FixedState.ExpectedDiagnostics.AddRange(fixedDiagnostics);
        return test.RunAsync();
    }

    private static Task NoFixAsync(string source) =>
        new VerifyCS.Test { TestCode = source, FixedCode = source }.RunAsync();

    // ---- Use await ----

    [Fact]
    public async Task UseAwait_Result_InAsyncMethod_ParenthesizesWhereNeeded_AndKeepsComments()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task<string> task, Task<string> other)
                {
                    await Task.Yield();
                    var text = task.[|Result|]; // the body
                    return other.[|Result|].Length;
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task<string> task, Task<string> other)
                {
                    await Task.Yield();
                    var text = await task; // the body
                    return (await other).Length;
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task UseAwait_WaitGetResultConfigureAwaitWaitAll()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task M(Task a, Task<int> b, Task<int> d, ValueTask<int> c, Task e, Task f)
                {
                    a.[|Wait|]();
                    var x = b.GetAwaiter().[|GetResult|]();
                    var y = d.ConfigureAwait(false).GetAwaiter().[|GetResult|]();
                    var z = c.ConfigureAwait(false).GetAwaiter().[|GetResult|]();
                    Task.[|WaitAll|](e, f);
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task M(Task a, Task<int> b, Task<int> d, ValueTask<int> c, Task e, Task f)
                {
                    await a;
                    var x = await b;
                    var y = await d.ConfigureAwait(false);
                    var z = await c.ConfigureAwait(false);
                    await Task.WhenAll(e, f);
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task UseAwait_WaitAnyAsAValue_KeepsTheIndex()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task[] tasks, Task a, Task<int> b)
                {
                    var first = Task.[|WaitAny|](tasks);
                    Task.[|WaitAny|](a, b);
                    return first + Task.[|WaitAny|](a, b);
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task[] tasks, Task a, Task<int> b)
                {
                    var first = Array.IndexOf(tasks, await Task.WhenAny(tasks));
                    await Task.WhenAny(a, b);
                    return first + Array.IndexOf(new Task[] { a, b }, await Task.WhenAny(a, b));
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task UseAwait_WaitWithTimeoutOrToken_WhenTheResultIsUnused_GoesOnAfterTheTimeoutAsWaitDid()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task M(Task task, CancellationToken token)
                {
                    task.[|Wait|](1000);
                    task.[|Wait|](TimeSpan.FromSeconds(1), token);
                    task.[|Wait|](token);
                }
            }
            """,
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task M(Task task, CancellationToken token)
                {
                    if (await Task.WhenAny(task, Task.Delay(1000)) == task)
                        await task;
                    if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(1), token)) == task)
                        await task;
                    else
                        token.ThrowIfCancellationRequested();
                    await task.WaitAsync(token);
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task WaitWithTimeoutWhoseResultIsUsed_IsFixed_InBG0101TimeoutAndLambdaFixTests()
    {
        await VerifyAsync(
            """
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
            """
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
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task WaitWithTokenOnNet48_HasNoFix_BecauseWaitAsyncDoesNotExist()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(Task task)
                    {
                        await Task.Yield();
                        task.[|Wait|](CancellationToken.None);
                    }
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(Task task)
                    {
                        await Task.Yield();
                        task.[|Wait|](CancellationToken.None);
                    }
                }
                """,
            ReferenceAssemblies = ReferenceAssemblyPresets.Net48,
        }.RunAsync();
    }

    [Fact]
    public async Task UseAwait_InALambdaThatCanBeAsync_MakesTheLambdaAsync()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                Task<int> M(Task<int> task) => Task.Run(() => task.[|Result|] + 1);
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                Task<int> M(Task<int> task) => Task.Run(async () => await task + 1);
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task LambdaWhoseCallWouldChangeMeaning_HasNoUseAwaitFix()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(List<Task<int>> tasks)
                {
                    await Task.Yield();
                    return tasks.Select(t => t.[|Result|]).Sum();
                }
            }
            """;
        await NoFixAsync(source);
    }

    // The lightbulb rules "Use await" out in a lambda before computing it when no method the call could bind takes an
    // async delegate (issue #16); these keep that check to what the computed conversion does.
    [Fact]
    public async Task LambdaGivenToAnActionOnly_StaticMethodOrConstructor_HasNoUseAwaitFix()
    {
        const string source = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            static class Threads
            {
                public static void Execute(Action action) => action();
            }

            class C
            {
                void M(Task<int> task, Task other)
                {
                    Threads.Execute(() =>
                    {
                        var read = task.GetAwaiter().[|GetResult|]();
                        Console.WriteLine(read);
                    });
                    new Thread(() => other.[|Wait|]()).Start();
                }
            }
            """;
        await NoFixAsync(source);
    }

    [Fact]
    public async Task UseAwait_InALambda_WhereAConstructorOverloadTakesAnAsyncDelegate()
    {
        const string worker = """
            using System;
            using System.Threading.Tasks;

            class Worker
            {
                public Worker(Action work) { }
                public Worker(Func<Task> work) { }
            }

            """;
        await VerifyAsync(
            worker + """
            class C
            {
                Worker M(Task task) => new Worker(() => task.[|Wait|]());
            }
            """,
            worker + """
            class C
            {
                Worker M(Task task) => new Worker(async () => await task);
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task UseAwait_InALambda_WhereOnlyAnExtensionMethodTakesAnAsyncDelegate()
    {
        const string runner = """
            using System;
            using System.Threading.Tasks;

            class Runner
            {
                public int Run(Func<int> work) => work();
            }

            static class RunnerExtensions
            {
                public static int Run(this Runner runner, Func<Task<int>> work) => 0;
            }

            """;
        await VerifyAsync(
            runner + """
            class C
            {
                int M(Runner runner, Task<int> task) => runner.Run(() => task.[|Result|]);
            }
            """,
            runner + """
            class C
            {
                int M(Runner runner, Task<int> task) => runner.Run(async () => await task);
            }
            """,
            BG0101BlockingWaitCodeFixProvider.UseAwaitKey);
    }

    [Fact]
    public async Task UseAwait_TopLevelStatements()
    {
        await new VerifyCS.Test
        {
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
                Sources = { """
                    using System.Threading.Tasks;

                    var value = Task.Run(() => 42).[|Result|];
                    System.Console.WriteLine(value);
                    """ },
            },
            FixedState =
            {
                Sources = { """
                    using System.Threading.Tasks;

                    var value = await Task.Run(() => 42);
                    System.Console.WriteLine(value);
                    """ },
            },
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
        }.RunAsync();
    }

    [Theory]
    [InlineData("lock (_gate) { _task.[|Wait|](); }")]
    [InlineData("unsafe { _task.[|Wait|](); }")]
    public async Task WhereAwaitIsIllegal_HasNoFix(string statement)
    {
        await new VerifyCS.Test
        {
            TestCode = $$"""
                using System.Threading.Tasks;

                class C
                {
                    private readonly object _gate = new object();
                    private readonly Task _task = Task.Delay(1);

                    async Task M()
                    {
                        await Task.Yield();
                        {{statement}}
                    }
                }
                """,
            FixedCode = $$"""
                using System.Threading.Tasks;

                class C
                {
                    private readonly object _gate = new object();
                    private readonly Task _task = Task.Delay(1);

                    async Task M()
                    {
                        await Task.Yield();
                        {{statement}}
                    }
                }
                """,
            SolutionTransforms = { (solution, projectId) => solution.WithProjectCompilationOptions(projectId, ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!).WithAllowUnsafe(true)) },
        }.RunAsync();
    }

    [Theory]
    [InlineData("public static C operator +(C a, C b) { _static.[|Wait|](); return a; }")]
    [InlineData("~C() { _task.[|Wait|](); }")]
    [InlineData("System.Collections.Generic.IEnumerable<int> Iterate() { yield return _result.[|Result|]; }")]
    [InlineData("void Out(out int x) { x = _result.[|Result|]; }")]
    [InlineData("ref int Ref(int[] a) { _task.[|Wait|](); return ref a[0]; }")]
    public async Task WhereTheMemberCannotBeAsync_HasNoFix(string member)
    {
        await NoFixAsync($$"""
            using System.Threading.Tasks;

            class C
            {
                private readonly Task _task = Task.Delay(1);
                private readonly Task<int> _result = Task.FromResult(1).ContinueWith(t => 2);
                private static readonly Task _static = Task.Delay(1);

                {{member}}
            }
            """);
    }

    [Fact]
    public async Task MethodGroupsAndQueryClauses_HaveNoFix()
    {
        // Virtual members, overrides and interface implementations are converted as a family: BG0101HierarchyFixTests.
        await NoFixAsync(
            """
            using System.Linq;
            using System.Threading.Tasks;

            class Derived
            {
                int IStoreLike(Task<int> t) => t.[|Result|];
                System.Func<Task<int>, int> Getter => IStoreLike;

                async Task<int[]> Query(Task<int>[] tasks)
                {
                    await Task.Yield();
                    return (from t in tasks where t != null select t.[|Result|]).ToArray();
                }
            }
            """);
    }

    [Fact]
    public async Task SyncLambdaAssignedToADelegate_HasNoFix()
    {
        await NoFixAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                void M(Task<int> t)
                {
                    Func<int> read = () => t.[|Result|];
                    Console.WriteLine(read());
                }
            }
            """);
    }

    // ---- Make 'M' async and update callers ----

    [Fact]
    public async Task MakeAsync_IsNotOffered_WhenEveryCallerIsWhereNoAwaitCanGo()
    {
        // Stripe's AsyncUtils shape: a blocking helper whose only callers are a sync iterator and a property getter.
        // Making it async would leave WaitAsync(...).GetAwaiter().GetResult() at each caller: the wait only moves up.
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            class Pages
            {
                private readonly Task<int> _count = Task.FromResult(1);

                private static T Wait<T>(Task<T> task) => task.[|Result|];

                public IEnumerable<int> All(Task<int> first, Task<int> second)
                {
                    yield return Wait(first);
                    yield return Wait(second);
                }

                public int Count => Wait(_count);
            }
            """;
        await VerifyAsync(source, source, BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    [Fact]
    public async Task MakeAsync_IsNotOffered_WhenEveryCallerIsAMethodThatCannotBeMadeAsync()
    {
        // MailKit's SocketUtils.Connect shape: the sync path's helper is called only from overrides of public API (an
        // internal class's too: its family includes the public abstract member) and from public API of the library, none
        // of which the fix converts, so each would get ConnectAsync(...).GetAwaiter().GetResult().
        const string source = """
            using System.Net.Sockets;
            using System.Threading.Tasks;

            static class SocketUtils
            {
                internal static Socket Connect(Task<Socket> connecting) => connecting.GetAwaiter().[|GetResult|]();
            }

            public abstract class ProxyClient
            {
                public abstract Socket Open(Task<Socket> connecting);
            }

            public sealed class Socks5Client : ProxyClient
            {
                public override Socket Open(Task<Socket> connecting) => SocketUtils.Connect(connecting);
            }

            internal sealed class WebProxyClient : ProxyClient
            {
                public override Socket Open(Task<Socket> connecting) => SocketUtils.Connect(connecting);
            }

            public sealed class MailService
            {
                public Socket Connect(Task<Socket> connecting)
                {
                    return SocketUtils.Connect(connecting);
                }
            }
            """;
        await VerifyAsync(source, source, BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    [Fact]
    public async Task MakeAsync_IsNotOffered_WhenTheChainOfSyncCallersEndsOnlyInPublicApi_OrInRecursion()
    {
        // Connect → ConnectNetwork → Open: every path up ends in a public sync method of the library, and Open's call of
        // itself is no caller that could await.
        const string source = """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class MailService
            {
                public Stream Connect(Task<Stream> opening) => ConnectNetwork(opening, retries: 2);

                private Stream ConnectNetwork(Task<Stream> opening, int retries) => Open(opening, retries);

                private static Stream Open(Task<Stream> opening, int retries)
                {
                    if (retries > 0 && opening.IsFaulted)
                    {
                        return Open(opening, retries - 1);
                    }

                    return opening.[|Result|];
                }
            }
            """;
        await VerifyAsync(source, source, BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    [Fact]
    public async Task MakeAsync_ConvertsTheChain_WhenItsTopIsCalledFromAsyncCode_ThePublicSyncCallerKeepsTheBoundary()
    {
        await VerifyAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class MailService
            {
                public Stream Connect(Task<Stream> opening) => ConnectNetwork(opening);

                public async Task<long> LengthAsync(Task<Stream> opening)
                {
                    await Task.Yield();
                    return ConnectNetwork(opening).Length;
                }

                private Stream ConnectNetwork(Task<Stream> opening) => Open(opening);

                private static Stream Open(Task<Stream> opening) => opening.[|Result|];
            }
            """,
            """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class MailService
            {
                public Stream Connect(Task<Stream> opening) => ConnectNetworkAsync(opening).GetAwaiter().GetResult();

                public async Task<long> LengthAsync(Task<Stream> opening)
                {
                    await Task.Yield();
                    return (await ConnectNetworkAsync(opening)).Length;
                }

                private async Task<Stream> ConnectNetworkAsync(Task<Stream> opening) => await OpenAsync(opening);

                private static async Task<Stream> OpenAsync(Task<Stream> opening) => await opening;
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
            VerifyCS.Diagnostic("BG0101").WithSpan(6, 94, 6, 103).WithArguments("ConnectNetworkAsync(opening).GetAwaiter().GetResult()"));
    }

    [Fact]
    public async Task MakeAsync_IsOffered_WhenOneCallerCanAwait_TheOthersKeepTheBoundary()
    {
        await VerifyAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            class Pages
            {
                private static T Wait<T>(Task<T> task) => task.[|Result|];

                public IEnumerable<int> All(Task<int> first)
                {
                    yield return Wait(first);
                }

                public async Task<int> OneAsync(Task<int> first)
                {
                    await Task.Yield();
                    return Wait(first);
                }
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            class Pages
            {
                private static async Task<T> WaitAsync<T>(Task<T> task) => await task;

                public IEnumerable<int> All(Task<int> first)
                {
                    yield return WaitAsync(first).GetAwaiter().GetResult();
                }

                public async Task<int> OneAsync(Task<int> first)
                {
                    await Task.Yield();
                    return await WaitAsync(first);
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
            VerifyCS.Diagnostic("BG0101").WithSpan(10, 52, 10, 61).WithArguments("WaitAsync(first).GetAwaiter().GetResult()"));
    }

    [Fact]
    public async Task MakeAsync_RenamesChangesTheReturnType_AndUpdatesAsyncAndSyncCallers_AMethodOnlyAConstructorCallsKeepsTheBoundary()
    {
        await VerifyAsync(
            """
            using System.Net.Http;

            class PriceService
            {
                private readonly HttpClient _client = new HttpClient();
                private bool _warm;

                public PriceService()
                {
                    Warm();
                    _warm = true;
                }

                // Gets one price.
                public string GetPrice(string sku)
                {
                    return _client.GetStringAsync(sku).[|Result|];
                }

                public int PriceLength(string sku) => GetPrice(sku).Length;

                public void Warm()
                {
                    GetPrice("warm-up");
                }

                public async System.Threading.Tasks.Task<string> Twice(string sku)
                {
                    await System.Threading.Tasks.Task.Yield();
                    return GetPrice(sku) + this.GetPrice(sku);
                }
            }
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class PriceService
            {
                private readonly HttpClient _client = new HttpClient();
                private bool _warm;

                public PriceService()
                {
                    Warm();
                    _warm = true;
                }

                // Gets one price.
                public async Task<string> GetPriceAsync(string sku)
                {
                    return await _client.GetStringAsync(sku);
                }

                public async Task<int> PriceLengthAsync(string sku) => (await GetPriceAsync(sku)).Length;

                public void Warm()
                {
                    GetPriceAsync("warm-up").GetAwaiter().GetResult();
                }

                public async System.Threading.Tasks.Task<string> Twice(string sku)
                {
                    await System.Threading.Tasks.Task.Yield();
                    return await GetPriceAsync(sku) + await this.GetPriceAsync(sku);
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
            // Warm's only caller is the constructor, where no await can go: WarmAsync() would only move the wait there.
            VerifyCS.Diagnostic("BG0101").WithSpan(25, 47, 25, 56).WithArguments("GetPriceAsync(\"warm-up\").GetAwaiter().GetResult()"));
    }

    [Fact]
    public async Task MakeAsync_Main_BecomesAsyncTaskMain_WithoutRenaming()
    {
        await new VerifyCS.Test
        {
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
                Sources = { """
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static int Main(string[] args)
                        {
                            Task.Delay(10).[|Wait|]();
                            return 0;
                        }
                    }
                    """ },
            },
            FixedState =
            {
                Sources = { """
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static async Task<int> Main(string[] args)
                        {
                            await Task.Delay(10);
                            return 0;
                        }
                    }
                    """ },
            },
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.RunAsync();
    }

    [Fact]
    public async Task MakeAsync_EventHandler_BecomesAsyncVoid_WithoutRenaming()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            class Form
            {
                public event EventHandler Click;

                public Form() { Click += OnClick; }

                void OnClick(object sender, EventArgs e)
                {
                    Task.Delay(10).[|Wait|]();
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            class Form
            {
                public event EventHandler Click;

                public Form() { Click += OnClick; }

                async void OnClick(object sender, EventArgs e)
                {
                    await Task.Delay(10);
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    [Fact]
    public async Task MakeAsync_MethodAlreadyNamedAsync_KeepsItsName_AndLocalFunctionsConvert()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                int LoadAsync(Task<int> t) => t.[|Result|];

                void Run(Task<int> t)
                {
                    int Local() => t.[|Result|];
                    _ = Local() + LoadAsync(t);
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> LoadAsync(Task<int> t) => await t;

                async Task RunAsync(Task<int> t)
                {
                    async Task<int> LocalAsync() => await t;
                    _ = await LocalAsync() + await LoadAsync(t);
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    [Fact]
    public async Task MakeAsync_MethodUsedAsADelegate_IsNotOffered()
    {
        await NoFixAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                int Get(Task<int> t) => t.[|Result|];
                Func<Task<int>, int> Getter => Get;
            }
            """);
    }

    [Fact]
    public async Task MakeAsync_PublicApiOfALibrary_IsOnlyConvertedWhenTheOptionSaysSo()
    {
        const string source = """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.[|Result|];
            }
            """;
        await new VerifyCS.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey }.RunAsync();

        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = """
                using System.Threading.Tasks;

                public class Api
                {
                    public async Task<int> GetAsync(Task<int> t) => await t;
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.WithEditorConfig("bg0101.convert_public_api = true").RunAsync();
    }

    [Fact]
    public async Task MakeAsync_TheNewNameIsTaken_KeepsTheOldName()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                int Get(Task<int> t) => t.[|Result|];
                Task<int> GetAsync(int x) => Task.FromResult(x);
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> Get(Task<int> t) => await t;
                Task<int> GetAsync(int x) => Task.FromResult(x);
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    [Fact]
    public async Task MakeAsync_KeepsEveryStatementAndComment()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                /// <summary>Saves.</summary>
                void Save(Task write, bool log)
                {
                    // before
                    if (log) Console.WriteLine("saving"); // trailing
                    write.[|Wait|](); /* after the wait */
                    Console.WriteLine("saved");
                    // last
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                /// <summary>Saves.</summary>
                async Task SaveAsync(Task write, bool log)
                {
                    // before
                    if (log) Console.WriteLine("saving"); // trailing
                    await write; /* after the wait */
                    Console.WriteLine("saved");
                    // last
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    // ---- Fix All ----

    [Fact]
    public async Task FixAll_TwoWaitsInOneMethodAndNestedResults_DoNotConflict()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                int Sum(Task<int> a, Task<int> b) => a.[|Result|] + b.[|Result|];

                int Nested(Task<Task<int>> t)
                {
                    return t.[|Result|].[|Result|];
                }

                int Caller(Task<int> a) => Sum(a, a) + Nested(null);
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> SumAsync(Task<int> a, Task<int> b) => await a + await b;

                async Task<int> NestedAsync(Task<Task<int>> t)
                {
                    return await await t;
                }

                async Task<int> CallerAsync(Task<int> a) => await SumAsync(a, a) + await NestedAsync(null);
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    [Fact]
    public async Task FixAll_AcrossTwoProjects_UpdatesTheCallerInTheOtherProject()
    {
        var test = new VerifyCS.Test
        {
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
            TestState =
            {
                Sources = { """
                    using System.Threading.Tasks;

                    public static class Prices
                    {
                        public static int Get(Task<int> t) => t.[|Result|];
                    }
                    """ },
                AdditionalProjects =
                {
                    ["Web"] =
                    {
                        Sources = { """
                            using System.Threading.Tasks;

                            public class Controller
                            {
                                public async Task<int> Index() => Prices.Get(Task.FromResult(1)) + 1;
                            }
                            """ },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
            FixedState =
            {
                Sources = { """
                    using System.Threading.Tasks;

                    public static class Prices
                    {
                        public static async Task<int> GetAsync(Task<int> t) => await t;
                    }
                    """ },
                AdditionalProjects =
                {
                    ["Web"] =
                    {
                        Sources = { """
                            using System.Threading.Tasks;

                            public class Controller
                            {
                                public async Task<int> Index() => await Prices.GetAsync(Task.FromResult(1)) + 1;
                            }
                            """ },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nbg0101.convert_public_api = true\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task MakeAsync_AlsoAwaitsTheSyncCallsBG0102ReportsOnceTheMethodIsAsync_ButNotExcludedOnes()
    {
        // Issue #14, clean under every rule: LoopAsync must not be left with _slots.Wait(ct) and Thread.Sleep, which BG0102
        // reports as soon as the method is async. A member excluded by bg0102.excluded_symbols stays as it is.
        const string source = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                private readonly SemaphoreSlim _slots = new SemaphoreSlim(1);

                internal void Loop(Stream log, CancellationToken ct)
                {
                    _slots.Wait(ct);
                    Thread.Sleep(10);
                    log.Flush();
                    Step().[|Wait|]();
                }

                private static Task Step() => Task.Delay(1);
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                private readonly SemaphoreSlim _slots = new SemaphoreSlim(1);

                internal async Task LoopAsync(Stream log, CancellationToken ct)
                {
                    await _slots.WaitAsync(ct);
                    await Task.Delay(10);
                    log.Flush();
                    await Step();
                }

                private static Task Step() => Task.Delay(1);
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.MakeAsyncKey,
        }.WithEditorConfig("bg0102.excluded_symbols = System.IO.Stream.Flush").RunAsync();
    }
}

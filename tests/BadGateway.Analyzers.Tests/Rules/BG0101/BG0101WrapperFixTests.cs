using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.FixSafety;
using Microsoft.CodeAnalysis;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;
using VerifyBG0101 = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101 (issue #15): "Add 'MAsync' and keep 'M' as a wrapper" for public API of a library and members the framework
/// calls, "Implement IAsyncDisposable and keep 'Dispose' as a wrapper", and the forward BG0101 no longer reports.
/// </summary>
public class BG0101WrapperFixTests
{
    private static Task NoWrapperAsync(string source, params string[] editorConfig) =>
        new VerifyCS.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey }
            .WithEditorConfig(editorConfig).RunAsync();

    private static Task VerifyAsync(string source, string fixedSource, string equivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey) =>
        new VerifyCS.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey }.RunAsync();

    [Fact]
    public async Task Wrapper_ReturningMethod_ExpressionBodied()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.[|Result|];
            }
            """,
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => GetAsync(t).GetAwaiter().GetResult();

                public async Task<int> GetAsync(Task<int> t) => await t;
            }
            """);
    }

    [Fact]
    public async Task Wrapper_VoidStaticMethodWithBlockBody_KeepsDocComment()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            public static class Store
            {
                /// <summary>Saves.</summary>
                /// <param name="write">The write.</param>
                public static void Save(Task write)
                {
                    // before
                    Console.WriteLine("saving");
                    write.[|Wait|](); // the wait
                }

                public static void Other() { }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            public static class Store
            {
                /// <summary>Saves.</summary>
                /// <param name="write">The write.</param>
                public static void Save(Task write) => SaveAsync(write).GetAwaiter().GetResult();

                /// <inheritdoc cref="Save"/>
                public static async Task SaveAsync(Task write)
                {
                    // before
                    Console.WriteLine("saving");
                    await write; // the wait
                }

                public static void Other() { }
            }
            """);
    }

    [Fact]
    public async Task Wrapper_GenericMethods_PassTheirTypeParameters_AndAnOverloadGetsACrefWithParameters()
    {
        await VerifyAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Repository
            {
                /// <summary>Loads.</summary>
                public List<T> Load<T>(Task<List<T>> t, int count) where T : class
                {
                    return t.[|Result|];
                }

                public T Load<T>(Task<T> t) => t.[|Result|];
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Repository
            {
                /// <summary>Loads.</summary>
                public List<T> Load<T>(Task<List<T>> t, int count) where T : class => LoadAsync<T>(t, count).GetAwaiter().GetResult();

                /// <inheritdoc cref="Load(Task{List{T}}, int)"/>
                public async Task<List<T>> LoadAsync<T>(Task<List<T>> t, int count) where T : class
                {
                    return await t;
                }

                public T Load<T>(Task<T> t) => LoadAsync<T>(t).GetAwaiter().GetResult();

                public async Task<T> LoadAsync<T>(Task<T> t) => await t;
            }
            """);
    }

    [Fact]
    public async Task Wrapper_CallersInAsyncCodeAwaitTheSibling_SyncCallersStay_InBothProjects()
    {
        var test = new VerifyCS.Test
        {
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
            TestState =
            {
                Sources = { """
                    using System;
                    using System.Threading.Tasks;

                    public static class Prices
                    {
                        public static int Get(Task<int> t) => t.[|Result|];

                        internal static async Task<int> Twice(Task<int> t) => Get(t) * 2;

                        internal static int Sync(Task<int> t) => Get(t);

                        internal static Func<Task<int>, Task<int>> AsyncLambda = async t => Get(t) + 1;

                        internal static Func<Task<int>, int> SyncLambda = t => Get(t);

                        internal static Func<int> MethodGroup(Task<int> t) => () => Get(t);
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
                                public async Task<int> Index()
                                {
                                    async Task<int> Local() => Prices.Get(Task.FromResult(2));
                                    return Prices.Get(Task.FromResult(1)) + await Local();
                                }

                                public int Legacy() => Prices.Get(Task.FromResult(1));
                            }
                            """ },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
            FixedState =
            {
                Sources = { """
                    using System;
                    using System.Threading.Tasks;

                    public static class Prices
                    {
                        public static int Get(Task<int> t) => GetAsync(t).GetAwaiter().GetResult();

                        public static async Task<int> GetAsync(Task<int> t) => await t;

                        internal static async Task<int> Twice(Task<int> t) => await GetAsync(t) * 2;

                        internal static int Sync(Task<int> t) => Get(t);

                        internal static Func<Task<int>, Task<int>> AsyncLambda = async t => await GetAsync(t) + 1;

                        internal static Func<Task<int>, int> SyncLambda = t => Get(t);

                        internal static Func<int> MethodGroup(Task<int> t) => () => Get(t);
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
                                public async Task<int> Index()
                                {
                                    async Task<int> Local() => await Prices.GetAsync(Task.FromResult(2));
                                    return await Prices.GetAsync(Task.FromResult(1)) + await Local();
                                }

                                public int Legacy() => Prices.Get(Task.FromResult(1));
                            }
                            """ },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Titles_WrapperFirst_ThenTheBreakingConversionSayingItChangesPublicApi()
    {
        const string source = """
            using System.Threading.Tasks;

            public class Api
            {
                public void Save(Task t) => t.Wait();
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0101"));
        var fixes = await project.FixesAsync(diagnostic);
        Assert.Equal(
            new[] { "Add 'SaveAsync' and keep 'Save' as a wrapper", "Make 'Save' async and update callers (changes public API)" },
            fixes.Select(f => f.Title));
        Assert.Contains("public async Task SaveAsync(Task t) => await t;", fixes[1].Text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("void Save", fixes[1].Text, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Titles_InternalMethodOrApplication_OnlyMakeAsync()
    {
        const string source = """
            using System.Threading.Tasks;

            public class Api
            {
                internal void Save(Task t) => t.Wait();
            }
            """;
        var library = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80);
        var fixes = await library.FixesAsync(Assert.Single(await library.DiagnosticsAsync("BG0101")));
        Assert.Equal(new[] { "Make 'Save' async and update callers" }, fixes.Select(f => f.Title));

        var app = await MultiTargetProject.CreateAsync(source.Replace("internal void", "public void", System.StringComparison.Ordinal) + "\nstatic class Program { static void Main() { } }", OutputKind.ConsoleApplication, MultiTargetProject.Net80);
        fixes = await app.FixesAsync(Assert.Single(await app.DiagnosticsAsync("BG0101")));
        Assert.Equal(new[] { "Make 'Save' async and update callers" }, fixes.Select(f => f.Title));
    }

    [Fact]
    public async Task MakeAsyncChangingPublicApi_ConvertsThePublicMethodAndItsCallers()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.[|Result|];

                public int Twice(Task<int> t) => Get(t) * 2;
            }
            """,
            """
            using System.Threading.Tasks;

            public class Api
            {
                public async Task<int> GetAsync(Task<int> t) => await t;

                public async Task<int> TwiceAsync(Task<int> t) => await GetAsync(t) * 2;
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncChangingPublicApiKey);
    }

    [Fact]
    public async Task FixAll_TwoPublicMethods_OneCallingTheOther()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Total(Task<int> a)
                {
                    var first = a.[|Result|];
                    return first + Part(a);
                }

                public int Part(Task<int> a) => a.[|Result|];

                public int Sum(Task<int> a, Task<int> b) => a.[|Result|] + b.[|Result|];
            }
            """,
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Total(Task<int> a) => TotalAsync(a).GetAwaiter().GetResult();

                public async Task<int> TotalAsync(Task<int> a)
                {
                    var first = await a;
                    return first + await PartAsync(a);
                }

                public int Part(Task<int> a) => PartAsync(a).GetAwaiter().GetResult();

                public async Task<int> PartAsync(Task<int> a) => await a;

                public int Sum(Task<int> a, Task<int> b) => SumAsync(a, b).GetAwaiter().GetResult();

                public async Task<int> SumAsync(Task<int> a, Task<int> b) => await a + await b;
            }
            """);
    }

    [Fact]
    public async Task Wrapper_OverrideOfAFrameworkMemberWithoutAsyncSibling()
    {
        await VerifyAsync(
            """
            using System.IO;
            using System.Text;
            using System.Threading.Tasks;

            public sealed class Log : TextWriter
            {
                private readonly Task _pending = Task.CompletedTask;

                public override Encoding Encoding => Encoding.UTF8;

                public override void Close() => _pending.[|Wait|]();
            }
            """,
            """
            using System.IO;
            using System.Text;
            using System.Threading.Tasks;

            public sealed class Log : TextWriter
            {
                private readonly Task _pending = Task.CompletedTask;

                public override Encoding Encoding => Encoding.UTF8;

                public override void Close() => CloseAsync().GetAwaiter().GetResult();

                public async Task CloseAsync() => await _pending;
            }
            """);
    }

    [Fact]
    public async Task Wrapper_ExtensionMethod_CallersOnTheReceiverAwait_AndBG0102CallsInTheBodyAreAwaited()
    {
        await VerifyAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;

            public static class TaskExtensions
            {
                public static int Get(this Task<int> t, SemaphoreSlim gate)
                {
                    gate.Wait();
                    return t.[|Result|];
                }

                internal static async Task<int> Use(Task<int> t, SemaphoreSlim gate) => t.Get(gate) + 1;
            }
            """,
            """
            using System.Threading;
            using System.Threading.Tasks;

            public static class TaskExtensions
            {
                public static int Get(this Task<int> t, SemaphoreSlim gate) => GetAsync(t, gate).GetAwaiter().GetResult();

                public static async Task<int> GetAsync(this Task<int> t, SemaphoreSlim gate)
                {
                    await gate.WaitAsync();
                    return await t;
                }

                internal static async Task<int> Use(Task<int> t, SemaphoreSlim gate) => await t.GetAsync(gate) + 1;
            }
            """);
    }

    // ---- Not offered ----

    [Fact]
    public async Task Wrapper_OverrideWhoseAsyncSiblingTheBaseHas_OverridesIt()
    {
        // TextWriter.FlushAsync(CancellationToken) is inherited and virtual: it is overridden (issue #15, round 2;
        // more shapes in BG0101LibraryWrapperFixTests).
        await VerifyAsync(
            """
            using System.IO;
            using System.Text;
            using System.Threading.Tasks;

            public sealed class Log : TextWriter
            {
                private readonly Task _pending = Task.CompletedTask;

                public override Encoding Encoding => Encoding.UTF8;

                public override void Flush() => _pending.[|Wait|]();
            }
            """,
            """
            using System.IO;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Log : TextWriter
            {
                private readonly Task _pending = Task.CompletedTask;

                public override Encoding Encoding => Encoding.UTF8;

                public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

                public override async Task FlushAsync(CancellationToken cancellationToken) => await _pending;
            }
            """);
    }

    [Fact]
    public async Task NoWrapper_RefusedShapes()
    {
        await NoWrapperAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Api
            {
                public int Out(Task<int> t, out int x) { x = 1; return t.[|Result|]; }

                public IEnumerator<int> Iterate(Task<int> t) { yield return t.[|Result|]; }

                public virtual int Virtual(Task<int> t) => t.[|Result|];

                public int Taken(Task<int> t) => t.[|Result|];

                public Task<int> TakenAsync(Task<int> t) => t;

                public int Span(Task<int> t) { System.Span<int> s = stackalloc int[1]; return t.[|Result|] + s[0]; }

                public void LoadAsync(Task t) => t.[|Wait|]();
            }
            """);
    }

    [Fact]
    public async Task NoWrapper_WhenConvertPublicApiIsOn_MakeAsyncIsTheFix()
    {
        await NoWrapperAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.[|Result|];
            }
            """,
            "bg0101.convert_public_api = true");
    }

    [Fact]
    public async Task Wrapper_TakenNameWithOtherParameters_IsAnOverload()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.[|Result|];

                public Task<int> GetAsync(string key) => Task.FromResult(key.Length);
            }
            """,
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => GetAsync(t).GetAwaiter().GetResult();

                public async Task<int> GetAsync(Task<int> t) => await t;

                public Task<int> GetAsync(string key) => Task.FromResult(key.Length);
            }
            """);
    }

    [Fact]
    public async Task NoWrapper_AnExistingSiblingOverloadThatTheNewOneWouldCapture()
    {
        // GetAsync(t) binds GetAsync(Task<int>, int = 0) today; a new GetAsync(Task<int>) would take that call over.
        await NoWrapperAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.[|Result|] + GetAsync(t).[|Result|];

                public Task<int> GetAsync(Task<int> t, int retries = 0) => t;
            }
            """);
    }

    // ---- Dispose ----

    [Fact]
    public async Task Dispose_ImplementsIAsyncDisposable_AndAsyncUsingsAwait()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            public sealed class Connection : IDisposable
            {
                public Task CloseAsync() => Task.CompletedTask;

                public void Dispose()
                {
                    CloseAsync().[|Wait|]();
                }
            }

            public static class Users
            {
                public static async Task Statement()
                {
                    using (var connection = new Connection())
                    {
                        await Task.Yield();
                    }
                }

                public static async Task Declaration()
                {
                    // open
                    using var connection = new Connection();
                    await Task.Yield();
                }

                public static void Sync()
                {
                    using var connection = new Connection();
                }

                public static async Task Explicit(Connection connection)
                {
                    await Task.Yield();
                    connection.Dispose();
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            public sealed class Connection : IDisposable, IAsyncDisposable
            {
                public Task CloseAsync() => Task.CompletedTask;

                public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

                public async ValueTask DisposeAsync()
                {
                    await CloseAsync();
                }
            }

            public static class Users
            {
                public static async Task Statement()
                {
                    await using (var connection = new Connection())
                    {
                        await Task.Yield();
                    }
                }

                public static async Task Declaration()
                {
                    // open
                    await using var connection = new Connection();
                    await Task.Yield();
                }

                public static void Sync()
                {
                    using var connection = new Connection();
                }

                public static async Task Explicit(Connection connection)
                {
                    await Task.Yield();
                    await connection.DisposeAsync();
                }
            }
            """);
    }

    [Fact]
    public async Task Dispose_InternalTypeOfAnApplication_GetsTheFixToo()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            internal class Session : IDisposable
            {
                private readonly Task _flush = Task.CompletedTask;

                public void Dispose() => _flush.GetAwaiter().[|GetResult|]();
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            internal class Session : IDisposable, IAsyncDisposable
            {
                private readonly Task _flush = Task.CompletedTask;

                public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

                public async ValueTask DisposeAsync() => await _flush;
            }
            """);
    }

    [Fact]
    public async Task Dispose_UsingInTopLevelStatements_AndAnotherProject()
    {
        var test = new VerifyCS.Test
        {
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
                Sources =
                {
                    """
                    using var connection = new Connection();
                    System.Console.WriteLine();
                    """,
                    """
                    using System;
                    using System.Threading.Tasks;

                    public sealed class Connection : IDisposable
                    {
                        private readonly Task _close = Task.CompletedTask;

                        public void Dispose() => _close.[|Wait|]();
                    }
                    """,
                },
                AdditionalProjects =
                {
                    ["Other"] =
                    {
                        Sources = { """
                            using System.Threading.Tasks;

                            public static class User
                            {
                                public static async Task Run()
                                {
                                    using (new Connection()) { }
                                    await Task.Yield();
                                }
                            }
                            """ },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
            FixedState =
            {
                Sources =
                {
                    """
                    await using var connection = new Connection();
                    System.Console.WriteLine();
                    """,
                    """
                    using System;
                    using System.Threading.Tasks;

                    public sealed class Connection : IDisposable, IAsyncDisposable
                    {
                        private readonly Task _close = Task.CompletedTask;

                        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

                        public async ValueTask DisposeAsync() => await _close;
                    }
                    """,
                },
                AdditionalProjects =
                {
                    ["Other"] =
                    {
                        Sources = { """
                            using System.Threading.Tasks;

                            public static class User
                            {
                                public static async Task Run()
                                {
                                    await using (new Connection()) { }
                                    await Task.Yield();
                                }
                            }
                            """ },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task NoFix_DisposeOfATypeThatIsAlreadyIAsyncDisposable_OrADisposeBoolPattern()
    {
        await NoWrapperAsync(
            """
            using System;
            using System.Threading.Tasks;

            public sealed class Both : IDisposable, IAsyncDisposable
            {
                private readonly Task _close = Task.CompletedTask;

                public void Dispose() => _close.[|Wait|]();

                public ValueTask DisposeAsync() => default;
            }

            public class Pattern : IDisposable
            {
                private readonly Task _close = Task.CompletedTask;

                public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }

                protected virtual void Dispose(bool disposing) { if (disposing) _close.[|Wait|](); }
            }
            """);
    }

    [Fact]
    public async Task MultiTarget_DisposeHasNoFixWithNet472_TheWrapperCompilesOnBoth()
    {
        const string dispose = """
            using System;
            using System.Threading.Tasks;

            public sealed class Connection : IDisposable
            {
                private readonly Task _close = Task.CompletedTask;

                public void Dispose() => _close.Wait();
            }
            """;
        var net8 = await MultiTargetProject.CreateAsync(dispose, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80);
        Assert.Equal(
            new[] { "Implement IAsyncDisposable and keep 'Dispose' as a wrapper" },
            (await net8.FixesAsync(Assert.Single(await net8.DiagnosticsAsync("BG0101")))).Select(f => f.Title));
        var both = await MultiTargetProject.CreateAsync(dispose, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80, MultiTargetProject.Net472);
        Assert.Empty(await both.FixesAsync(Assert.Single(await both.DiagnosticsAsync("BG0101"))));

        const string api = """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.Result;
            }
            """;
        var project = await MultiTargetProject.CreateAsync(api, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80, MultiTargetProject.Net472);
        var fixes = await project.FixesAsync(Assert.Single(await project.DiagnosticsAsync("BG0101")));
        Assert.Equal("Add 'GetAsync' and keep 'Get' as a wrapper", fixes[0].Title);
        Assert.Contains("public async Task<int> GetAsync(Task<int> t) => await t;", fixes[0].Text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(fixes[0].Text));
    }

    [Fact]
    public async Task NoWrapperHelper_FailsWhereTheWrapperIsOffered()
    {
        await Assert.ThrowsAnyAsync<System.Exception>(() => NoWrapperAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => t.[|Result|];
            }
            """));
    }
}

/// <summary>BG0101 does not report a member whose whole body forwards to its own async sibling (issue #15).</summary>
public class BG0101AsyncSiblingForwardTests
{
    [Fact]
    public async Task ForwardsToTheOwnSibling_AreNotReported()
    {
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public class Api : IDisposable, IAsyncDisposable
            {
                public int Get(Task<int> t, string key) => GetAsync(t, key).GetAwaiter().GetResult();
                public Task<int> GetAsync(Task<int> t, string key, CancellationToken cancellationToken = default) => t;

                public void Save(int x) { SaveAsync(x).Wait(); }
                public Task SaveAsync(int x) => Task.CompletedTask;

                public int Load() { return LoadAsync().ConfigureAwait(false).GetAwaiter().GetResult(); }
                public Task<int> LoadAsync() => Task.FromResult(1);

                public int Count() => this.CountAsync().Result;
                public Task<int> CountAsync() => Task.FromResult(1);

                public static List<T> All<T>(T item) => AllAsync<T>(item).GetAwaiter().GetResult();
                public static Task<List<T>> AllAsync<T>(T item) => Task.FromResult(new List<T> { item });

                public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
                public ValueTask DisposeAsync() => default;
            }
            """);
    }

    [Fact]
    public async Task OtherShapes_AreStillReported()
    {
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
            using System.Threading.Tasks;

            public class Other
            {
                public static Task<int> GetAsync(int a, int b) => Task.FromResult(a);
            }

            public class Api
            {
                private readonly Api _inner = new Api();

                public int Swapped(int a, int b) => SwappedAsync(b, a).GetAwaiter().[|GetResult|]();
                public Task<int> SwappedAsync(int a, int b) => Task.FromResult(a);

                public int Constant(int a) => ConstantAsync(1).[|Result|];
                public Task<int> ConstantAsync(int a) => Task.FromResult(a);

                public int Get(int a, int b) => Other.GetAsync(a, b).[|Result|];

                public int Inner() => _inner.InnerAsync().[|Result|];
                public Task<int> InnerAsync() => Task.FromResult(1);

                public int Named() => FetchAsync().[|Result|];
                public Task<int> FetchAsync() => Task.FromResult(1);

                public int Two()
                {
                    System.Console.WriteLine();
                    return TwoAsync().[|Result|];
                }
                public Task<int> TwoAsync() => Task.FromResult(1);

                public int Lambda() => new System.Func<int>(() => LambdaAsync().[|Result|])();
                public Task<int> LambdaAsync() => Task.FromResult(1);
            }
            """);
    }

    [Fact]
    public async Task AdaptedForwardsAndForwardsAfterArgumentChecks_AreNotReported()
    {
        // Real code (NBitcoin's RPCClient): the sync API over the async API, adapting its arguments to another overload.
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public class Request
            {
                public Request() { }
                public Request(string method, object[] args) { Method = method; }
                public string Method { get; set; } = "";
                public Dictionary<string, object>? Named { get; set; }
            }

            public class Client
            {
                public Task<string> SendAsync(Request request, CancellationToken cancellationToken) => Task.FromResult(request.Method);

                public string Send(string method, CancellationToken cancellationToken, params object[] args)
                {
                    return SendAsync(new Request(method, args), cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult();
                }

                public Task<string> SendAsync(Dictionary<string, object> named, string method) => Task.FromResult(method);

                public string Send(string method, Dictionary<string, object> named) =>
                    SendAsync(new Request { Method = method, Named = named }, CancellationToken.None).Result;

                public Task<int> PayAsync(string address, int amount, string? comment, CancellationToken cancellationToken) => Task.FromResult(amount);

                public int Pay(string address, int amount, CancellationToken cancellationToken = default) =>
                    PayAsync(address, amount, null, cancellationToken).GetAwaiter().GetResult();

                public Task<bool> AddPeerAsync(string ip, int port) => Task.FromResult(true);

                public bool AddPeer(string ip, int port)
                {
                    if (ip is null) throw new ArgumentNullException(nameof(ip));
                    if (port <= 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(port));
                    }

                    return AddPeerAsync(ip, port).GetAwaiter().GetResult();
                }

                public Task RemovePeerAsync(string ip) => Task.CompletedTask;

                public void RemovePeer(string ip)
                {
                    ArgumentNullException.ThrowIfNull(ip);
                    RemovePeerAsync(ip).Wait();
                }
            }
            """);
    }

    [Fact]
    public async Task ForwardsThatComputeDropOrRepeatArguments_OrDoMoreFirst_AreStillReported()
    {
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
            using System;
            using System.Threading.Tasks;

            public class Client
            {
                private static string Normalize(string s) => s.Trim();

                public Task<int> SendAsync(string text, string? extra) => Task.FromResult(text.Length);

                public int Send(string text) => SendAsync(Normalize(text), null).[|Result|];

                public int Send(string text, string other) => SendAsync(text, null).[|Result|];

                public int Send(string text, int times) => SendAsync(text, text).[|Result|];

                public Task<int> PairAsync(int a, int b, string? c) => Task.FromResult(a);

                public int Pair(int a, int b) => PairAsync(a, a, null).[|Result|];

                public Task<bool> AddAsync(string ip) => Task.FromResult(true);

                public bool Add(string ip)
                {
                    if (ip is null) Console.WriteLine("no ip");
                    return AddAsync(ip).[|Result|];
                }

                public Task<bool> RemoveAsync(string ip) => Task.FromResult(true);

                public bool Remove(string ip)
                {
                    if (ip is null) throw new ArgumentNullException(nameof(ip));
                    else Console.WriteLine(ip);
                    return RemoveAsync(ip).[|Result|];
                }
            }
            """);
    }

    [Fact]
    public async Task HalfTypedForward_DoesNotThrow()
    {
        await VerifyBG0101.VerifyAnalyzerAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(int a) => GetAsync(a, {|CS1525:)|}.[|Result|];
                public Task<int> GetAsync(int a, int b) => Task.FromResult(a);
            }
            """);
    }
}

/// <summary>After the wrapper fix, BG0102 reports M's sync callers in async code with its own fix (issue #15).</summary>
public class BG0102AfterWrapperTests
{
    [Fact]
    public async Task SyncCallOfAWrapperInAsyncCode_IsReported_AndAwaitsTheSibling()
    {
        await BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
            BadGateway.Analyzers.Rules.BG0102SyncCallInAsyncCodeAnalyzer,
            BadGateway.Analyzers.CodeFixes.Rules.BG0102SyncCallInAsyncCodeCodeFixProvider>.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => GetAsync(t).GetAwaiter().GetResult();

                public async Task<int> GetAsync(Task<int> t) => await t;
            }

            public class Caller
            {
                public async Task<int> Run(Api api) => api.[|Get|](Task.FromResult(1)) + 1;
            }
            """,
            """
            using System.Threading.Tasks;

            public class Api
            {
                public int Get(Task<int> t) => GetAsync(t).GetAwaiter().GetResult();

                public async Task<int> GetAsync(Task<int> t) => await t;
            }

            public class Caller
            {
                public async Task<int> Run(Api api) => await api.GetAsync(Task.FromResult(1)) + 1;
            }
            """);
    }
}

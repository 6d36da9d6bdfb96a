using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.FixSafety;
using BadGateway.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using static BadGateway.Analyzers.Tests.Verifiers.BG0101Fix;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101 (issue #15): a public iterator of a library gets an async-iterator sibling and keeps its signature as
/// <c>=&gt; MAsync(...).ToBlockingEnumerable()</c> where every target framework has it; a method returning an
/// unconstrained type parameter is made async like any other (<c>await UnwrapAsync(t)</c> gives each caller the same T).
/// </summary>
public class BG0101IteratorAndGenericFixTests
{
    [Fact]
    public async Task PublicIterator_GetsAsyncIteratorSibling_AndKeepsItsSignatureAsABlockingWrapper()
    {
        await VerifyAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Pager
            {
                private static Task<string> PageAsync(int index) => Task.FromResult(index.ToString());

                /// <summary>The pages, one at a time.</summary>
                public IEnumerable<string> Pages(int count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        yield return PageAsync(i).[|Result|];
                    }
                }
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Pager
            {
                private static Task<string> PageAsync(int index) => Task.FromResult(index.ToString());

                /// <summary>The pages, one at a time.</summary>
                public IEnumerable<string> Pages(int count) => PagesAsync(count).ToBlockingEnumerable();

                /// <inheritdoc cref="Pages"/>
                public async IAsyncEnumerable<string> PagesAsync(int count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        yield return await PageAsync(i);
                    }
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey);
    }

    [Fact]
    public async Task PublicIterator_ForeachInAsyncCode_BecomesAwaitForeach_OtherCallsStayOnTheWrapper()
    {
        await VerifyAsync(
            """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            public class Pager
            {
                private static Task<int> PageAsync(int index) => Task.FromResult(index);

                public IEnumerable<int> Pages(int count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        yield return PageAsync(i).[|Result|];
                    }
                }
            }

            public class Reader
            {
                public async Task<int> SumAsync(Pager pager)
                {
                    var sum = 0;
                    // every page
                    foreach (var page in pager.Pages(3))
                    {
                        sum += page;
                    }

                    await Task.Yield();
                    return sum + pager.Pages(2).Count();
                }

                public int Sum(Pager pager)
                {
                    var sum = 0;
                    foreach (var page in pager.Pages(3))
                    {
                        sum += page;
                    }

                    return sum;
                }
            }
            """,
            """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            public class Pager
            {
                private static Task<int> PageAsync(int index) => Task.FromResult(index);

                public IEnumerable<int> Pages(int count) => PagesAsync(count).ToBlockingEnumerable();

                public async IAsyncEnumerable<int> PagesAsync(int count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        yield return await PageAsync(i);
                    }
                }
            }

            public class Reader
            {
                public async Task<int> SumAsync(Pager pager)
                {
                    var sum = 0;
                    // every page
                    await foreach (var page in pager.PagesAsync(3))
                    {
                        sum += page;
                    }

                    await Task.Yield();
                    return sum + pager.Pages(2).Count();
                }

                public int Sum(Pager pager)
                {
                    var sum = 0;
                    foreach (var page in pager.Pages(3))
                    {
                        sum += page;
                    }

                    return sum;
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey);
    }

    [Fact]
    public async Task PublicGenericIterator_WithQualifiedReturnType_AndNoTasksUsing_GetsTheStaticForward()
    {
        await VerifyAsync(
            """
            public static class Batches
            {
                public static System.Collections.Generic.IEnumerable<T> Items<T>(System.Threading.Tasks.Task<T> first, int times)
                {
                    for (var i = 0; i < times; i++)
                    {
                        yield return first.GetAwaiter().[|GetResult|]();
                    }
                }
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public static class Batches
            {
                public static System.Collections.Generic.IEnumerable<T> Items<T>(System.Threading.Tasks.Task<T> first, int times) => TaskAsyncEnumerableExtensions.ToBlockingEnumerable(ItemsAsync<T>(first, times));

                public static async IAsyncEnumerable<T> ItemsAsync<T>(System.Threading.Tasks.Task<T> first, int times)
                {
                    for (var i = 0; i < times; i++)
                    {
                        yield return await first;
                    }
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey);
    }

    [Fact]
    public async Task PublicIterator_WaitInTryFinally_IsAwaitedInTheAsyncIterator()
    {
        await VerifyAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Lines
            {
                private static Task<string> ReadAsync() => Task.FromResult("x");
                private static Task CloseAsync() => Task.CompletedTask;

                public IEnumerable<string> All()
                {
                    try
                    {
                        yield return ReadAsync().[|Result|];
                    }
                    finally
                    {
                        CloseAsync().[|Wait|]();
                    }
                }
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Lines
            {
                private static Task<string> ReadAsync() => Task.FromResult("x");
                private static Task CloseAsync() => Task.CompletedTask;

                public IEnumerable<string> All() => AllAsync().ToBlockingEnumerable();

                public async IAsyncEnumerable<string> AllAsync()
                {
                    try
                    {
                        yield return await ReadAsync();
                    }
                    finally
                    {
                        await CloseAsync();
                    }
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey);
    }

    [Fact]
    public async Task TwoPublicIterators_FixAll_WrapsBoth()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public class Feeds
                {
                    private static Task<int> NextAsync() => Task.FromResult(1);

                    public IEnumerable<int> First() { yield return NextAsync().[|Result|]; }

                    public IEnumerable<int> Second() { yield return NextAsync().[|Result|]; }
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public class Feeds
                {
                    private static Task<int> NextAsync() => Task.FromResult(1);

                    public IEnumerable<int> First() => FirstAsync().ToBlockingEnumerable();

                    public async IAsyncEnumerable<int> FirstAsync() { yield return await NextAsync(); }

                    public IEnumerable<int> Second() => SecondAsync().ToBlockingEnumerable();

                    public async IAsyncEnumerable<int> SecondAsync() { yield return await NextAsync(); }
                }
                """,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.AddAsyncSiblingKey,
            NumberOfFixAllIterations = 1,
        }.RunAsync();
    }

    [Fact]
    public async Task PublicIterator_OnNetFramework_WithoutIAsyncEnumerable_HasNoFix()
    {
        // .NET Framework 4.8 has neither IAsyncEnumerable<T> nor ToBlockingEnumerable: no wrapper, and the iterator
        // cannot be made async either.
        await NoFixAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Pager
            {
                public IEnumerable<string> Pages(Task<string[]> all)
                {
                    foreach (var page in all.[|Result|])
                    {
                        yield return page;
                    }
                }
            }
            """,
            ReferenceAssemblyPresets.Net48);
    }

    [Theory]
    [InlineData("internal class Pager { public IEnumerable<int> Pages() { yield return Next().[|Result|]; } static Task<int> Next() => Task.FromResult(1); }")]
    [InlineData("public class Pager { public IEnumerator<int> Pages() { yield return Next().[|Result|]; } static Task<int> Next() => Task.FromResult(1); }")]
    [InlineData("public class Pager { private readonly object _gate = new object(); public IEnumerable<int> Pages() { lock (_gate) { yield return Next().[|Result|]; } } static Task<int> Next() => Task.FromResult(1); }")]
    [InlineData("public class Pager : IPages { public IEnumerable<int> Pages() { yield return Next().[|Result|]; } static Task<int> Next() => Task.FromResult(1); } public interface IPages { IEnumerable<int> Pages(); }")]
    [InlineData("public class Pager { public IEnumerable<int> Pages() { yield return Next().[|Result|]; } public IAsyncEnumerable<int> PagesAsync() => null; static Task<int> Next() => Task.FromResult(1); }")]
    [InlineData("public class Pager { public virtual IEnumerable<int> Pages() { yield return Next().[|Result|]; } static Task<int> Next() => Task.FromResult(1); }")]
    [InlineData("public class Pager { public IEnumerable<int> Pages() { foreach (var n in new[] { 1 }.Select(x => Next().[|Result|])) yield return n; } static Task<int> Next() => Task.FromResult(1); }")]
    public async Task Iterator_WhereTheWrapperCannotBe_HasNoFix(string type)
    {
        await NoFixAsync($$"""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            {{type}}
            """);
    }

    [Fact]
    public async Task GenericMethodReturningItsTypeParameter_IsMadeAsync_AndCallersGetTheSameValue()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            internal static class Unwrapper
            {
                internal static T Unwrap<T>(Task<T> source)
                {
                    return source.GetAwaiter().[|GetResult|]();
                }
            }

            internal class Caller
            {
                public async Task<int> CountAsync(Task<int> count, Task<Task<int>> nested)
                {
                    Task<int> inner = Unwrapper.Unwrap(nested);
                    return Unwrapper.Unwrap(count) + await inner;
                }
            }
            """,
            """
            using System.Threading.Tasks;

            internal static class Unwrapper
            {
                internal static async Task<T> UnwrapAsync<T>(Task<T> source)
                {
                    return await source;
                }
            }

            internal class Caller
            {
                public async Task<int> CountAsync(Task<int> count, Task<Task<int>> nested)
                {
                    Task<int> inner = await Unwrapper.UnwrapAsync(nested);
                    return await Unwrapper.UnwrapAsync(count) + await inner;
                }
            }
            """,
            BG0101BlockingWaitCodeFixProvider.MakeAsyncKey);
    }

    [Fact]
    public async Task GenericMethodReturningATypeParameterConstrainedToTask_HasNoFix()
    {
        await NoFixAsync(
            """
            using System.Threading.Tasks;

            internal static class Unwrapper
            {
                internal static T Unwrap<T>(Task<T> source) where T : Task
                {
                    return source.[|Result|];
                }
            }
            """);
    }

    [Fact]
    public async Task PublicIterator_InALibraryThatAlsoTargetsNetFramework_HasNoFix_ButOnNet80AloneItHasTheWrapper()
    {
        const string Source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Pager
            {
                private static Task<string> PageAsync(int index) => Task.FromResult(index.ToString());

                public IEnumerable<string> Pages(int count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        yield return PageAsync(i).Result;
                    }
                }
            }
            """;
        var multi = await MultiTargetProject.CreateAsync(Source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80, MultiTargetProject.NetStandard20, MultiTargetProject.Net472);
        Assert.Empty(await multi.FixesAsync(Assert.Single(await multi.DiagnosticsAsync("BG0101"))));

        var single = await MultiTargetProject.CreateAsync(Source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80);
        var fixes = await single.FixesAsync(Assert.Single(await single.DiagnosticsAsync("BG0101")));
        Assert.Equal("Add 'PagesAsync' and keep 'Pages' as a wrapper", fixes[0].Title);
        Assert.Empty(await single.ErrorsEverywhereAsync(fixes[0].Text));
    }

    [Fact]
    public async Task GenericMethodReturningItsTypeParameter_IsMadeAsync_InEveryTargetFramework()
    {
        var project = await MultiTargetProject.CreateAsync(
            """
            using System.Threading.Tasks;

            internal static class Unwrapper
            {
                internal static T Unwrap<T>(Task<T> source) => source.GetAwaiter().GetResult();

                internal static int Twice(Task<int> value) => Unwrap(value) * 2;
            }
            """,
            OutputKind.DynamicallyLinkedLibrary,
            MultiTargetProject.Net80,
            MultiTargetProject.NetStandard20,
            MultiTargetProject.Net472);
        var fixes = await project.FixesAsync(Assert.Single(await project.DiagnosticsAsync("BG0101")));
        Assert.Equal("Make 'Unwrap' async and update callers", fixes[0].Title);
        Assert.Contains("internal static async Task<T> UnwrapAsync<T>(Task<T> source) => await source;", fixes[0].Text, System.StringComparison.Ordinal);
        Assert.Contains("internal static async Task<int> TwiceAsync(Task<int> value) => await UnwrapAsync(value) * 2;", fixes[0].Text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(fixes[0].Text));
    }
}

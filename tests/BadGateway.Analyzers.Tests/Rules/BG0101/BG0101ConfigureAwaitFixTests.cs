using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101's "Use await" in a function whose awaits all say <c>.ConfigureAwait(false)</c> (a library's code, as in Npgsql):
/// the new await says it too, as BG0102's fix already does, so a sync API that blocks on the method does not deadlock
/// under a synchronization context.
/// </summary>
public class BG0101ConfigureAwaitFixTests
{
    private static Task VerifyAsync(string source, string fixedSource) =>
        new VerifyCS.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
        }.RunAsync();

    [Fact]
    public async Task EveryAwaitConfigured_TheNewAwaitsAreConfiguredToo()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Task<string> b, Task<int> c, ValueTask<int> d, Task e, Task f, Task<int> g, Task<int> h, Task<string> s, bool flag)
                {
                    await a.ConfigureAwait(false);
                    b.[|Wait|]();
                    var x = c.GetAwaiter().[|GetResult|]();
                    var y = d.[|Result|];
                    Task.[|WaitAll|](e, f);
                    var z = (flag ? g : h).[|Result|];
                    return x + y + z + s.[|Result|].Length;
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Task<string> b, Task<int> c, ValueTask<int> d, Task e, Task f, Task<int> g, Task<int> h, Task<string> s, bool flag)
                {
                    await a.ConfigureAwait(false);
                    await b.ConfigureAwait(false);
                    var x = await c.ConfigureAwait(false);
                    var y = await d.ConfigureAwait(false);
                    await Task.WhenAll(e, f).ConfigureAwait(false);
                    var z = await (flag ? g : h).ConfigureAwait(false);
                    return x + y + z + (await s.ConfigureAwait(false)).Length;
                }
            }
            """);
    }

    [Fact]
    public async Task OneAwaitNotConfigured_TheNewAwaitIsPlain()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Task b, Task<int> c)
                {
                    await a.ConfigureAwait(false);
                    await b;
                    return c.[|Result|];
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Task b, Task<int> c)
                {
                    await a.ConfigureAwait(false);
                    await b;
                    return await c;
                }
            }
            """);
    }

    [Fact]
    public async Task ConfigureAwaitTrue_OrNoAwaitYet_TheNewAwaitIsPlain()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> Kept(Task a, Task<int> c)
                {
                    await a.ConfigureAwait(true);
                    return c.[|Result|];
                }

                async Task<int> NoAwait(Task<int> c)
                {
                    return c.[|Result|];
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> Kept(Task a, Task<int> c)
                {
                    await a.ConfigureAwait(true);
                    return await c;
                }

                async Task<int> NoAwait(Task<int> c)
                {
                    return await c;
                }
            }
            """);
    }

    [Fact]
    public async Task AlreadyConfiguredWait_IsNotConfiguredTwice()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Task<int> c)
                {
                    await a.ConfigureAwait(false);
                    return c.ConfigureAwait(false).GetAwaiter().[|GetResult|]();
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Task<int> c)
                {
                    await a.ConfigureAwait(false);
                    return await c.ConfigureAwait(false);
                }
            }
            """);
    }

    [Fact]
    public async Task AwaitsOfALambdaInside_DoNotCount_AndAreLeftAlone()
    {
        await VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Func<Task<int>> start)
                {
                    await a.ConfigureAwait(false);
                    return Task.Run(async () => await start()).[|Result|];
                }

                async Task<int> Inner(Task a, Task<int> c)
                {
                    await a.ConfigureAwait(false);
                    Func<Task<int>> f = async () =>
                    {
                        await Task.Yield();
                        return c.[|Result|];
                    };
                    return await f().ConfigureAwait(false);
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Func<Task<int>> start)
                {
                    await a.ConfigureAwait(false);
                    return await Task.Run(async () => await start()).ConfigureAwait(false);
                }

                async Task<int> Inner(Task a, Task<int> c)
                {
                    await a.ConfigureAwait(false);
                    Func<Task<int>> f = async () =>
                    {
                        await Task.Yield();
                        return await c;
                    };
                    return await f().ConfigureAwait(false);
                }
            }
            """);
    }

    [Fact]
    public async Task WaitWithTimeout_AndStoredAwaiter_InAConfiguredMethod()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<string> Timed(Task a, Task t, int ms)
                {
                    await a.ConfigureAwait(false);
                    var ok = t.[|Wait|](ms);
                    return ok ? "in time" : "late";
                }

                async Task<int> Stored(Task a, Task<int> t)
                {
                    await a.ConfigureAwait(false);
                    var awaiter = t.GetAwaiter();
                    return awaiter.[|GetResult|]();
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<string> Timed(Task a, Task t, int ms)
                {
                    await a.ConfigureAwait(false);
                    var ok = await Task.WhenAny(t, Task.Delay(ms)).ConfigureAwait(false) == t;
                    if (ok)
                        await t.ConfigureAwait(false);
                    return ok ? "in time" : "late";
                }

                async Task<int> Stored(Task a, Task<int> t)
                {
                    await a.ConfigureAwait(false);
                    return await t.ConfigureAwait(false);
                }
            }
            """);
    }

    [Fact]
    public async Task FixAll_EveryWaitOfAConfiguredMethod_IsConfigured()
    {
        await VerifyAsync(
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Task<int> b, Task<int> c)
                {
                    await a.ConfigureAwait(false);
                    var x = b.[|Result|];
                    var y = c.[|Result|];
                    return x + y;
                }

                async Task<int> N(Task<int> b)
                {
                    await Task.Delay(1).ConfigureAwait(false);
                    return b.[|Result|];
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task a, Task<int> b, Task<int> c)
                {
                    await a.ConfigureAwait(false);
                    var x = await b.ConfigureAwait(false);
                    var y = await c.ConfigureAwait(false);
                    return x + y;
                }

                async Task<int> N(Task<int> b)
                {
                    await Task.Delay(1).ConfigureAwait(false);
                    return await b.ConfigureAwait(false);
                }
            }
            """);
    }
}

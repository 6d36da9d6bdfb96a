using System.Threading.Tasks;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0102SyncCallInAsyncCodeAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0102SyncCallInAsyncCodeCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

public class BG0102SyncCallInAsyncCodeFixTests
{
    [Fact]
    public async Task AwaitsTheSibling_PassesTheOneTokenInScope_AndKeepsComments()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(string path, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    var text = File.[|ReadAllText|](path); // config
                    File.[|WriteAllText|](path, text);
                    return File.[|ReadAllText|](path).Length;
                }
            }
            """,
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(string path, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    var text = await File.ReadAllTextAsync(path, cancellationToken); // config
                    await File.WriteAllTextAsync(path, text, cancellationToken);
                    return (await File.ReadAllTextAsync(path, cancellationToken)).Length;
                }
            }
            """);
    }

    [Fact]
    public async Task ThreadSleep_BecomesTaskDelay_AndConfigureAwaitIsKeptWhereTheMethodUsesItEverywhere()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task M(Stream stream, byte[] buffer)
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                    Thread.[|Sleep|](100);
                    stream.[|Write|](buffer, 0, buffer.Length);
                }
            }
            """,
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task M(Stream stream, byte[] buffer)
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                    await Task.Delay(100).ConfigureAwait(false);
                    await stream.WriteAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                }
            }
            """);
    }

    [Fact]
    public async Task TaskReturningMethodThatIsNotAsync_BecomesAsync_AndItsReturnsKeepTheSignature()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                Task<string> Load(string path, bool cached, Task<string> fallback)
                {
                    if (cached)
                    {
                        return fallback;
                    }

                    var text = File.[|ReadAllText|](path);
                    return Task.FromResult(text.Trim());
                }
            }
            """,
            """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task<string> Load(string path, bool cached, Task<string> fallback)
                {
                    if (cached)
                    {
                        return await fallback;
                    }

                    var text = await File.ReadAllTextAsync(path);
                    return text.Trim();
                }
            }
            """);
    }

    [Fact]
    public async Task UsingDeclarationOfAnAsyncDisposable_BecomesAwaitUsing()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Data.Common;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> Count(DbCommand command, CancellationToken token)
                {
                    await Task.Yield();
                    using var reader = command.[|ExecuteReader|]();
                    var count = 0;
                    while (await reader.ReadAsync(token))
                    {
                        count++;
                    }

                    return count;
                }
            }
            """,
            """
            using System.Data.Common;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> Count(DbCommand command, CancellationToken token)
                {
                    await Task.Yield();
                    await using var reader = await command.ExecuteReaderAsync(token);
                    var count = 0;
                    while (await reader.ReadAsync(token))
                    {
                        count++;
                    }

                    return count;
                }
            }
            """);
    }

    [Fact]
    public async Task UserAndExtensionSiblings_WithTwoTokensInScope_PassNone()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;

            class Gateway { public string Fetch(int id) => ""; }
            static class GatewayExtensions { public static Task<string> FetchAsync(this Gateway gateway, int id, CancellationToken token = default) => Task.FromResult(""); }

            class C
            {
                async Task<string> M(Gateway gateway, CancellationToken a, CancellationToken b)
                {
                    await Task.Yield();
                    return gateway.[|Fetch|](1);
                }
            }
            """,
            """
            using System.Threading;
            using System.Threading.Tasks;

            class Gateway { public string Fetch(int id) => ""; }
            static class GatewayExtensions { public static Task<string> FetchAsync(this Gateway gateway, int id, CancellationToken token = default) => Task.FromResult(""); }

            class C
            {
                async Task<string> M(Gateway gateway, CancellationToken a, CancellationToken b)
                {
                    await Task.Yield();
                    return await gateway.FetchAsync(1);
                }
            }
            """);
    }

    [Fact]
    public async Task ExtensionSiblingOfALibrary_ImportedByUsingStatic_IsAwaitedAsAnExtension()
    {
        // using static of the extension class (no using of its namespace) is enough to call CountAsync as an extension.
        const string library = """
            namespace Data
            {
                public class Query { public int Count() => 0; }
                public static class QueryExtensions { public static System.Threading.Tasks.Task<int> CountAsync(this Query query) => System.Threading.Tasks.Task.FromResult(0); }
            }
            """;
        var test = new VerifyCS.Test
        {
            TestCode = """
                using System.Threading.Tasks;
                using static Data.QueryExtensions;

                class C
                {
                    async Task<int> M(Data.Query query)
                    {
                        await Task.Yield();
                        return query.[|Count|]() + 1; // total
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using static Data.QueryExtensions;

                class C
                {
                    async Task<int> M(Data.Query query)
                    {
                        await Task.Yield();
                        return await query.CountAsync() + 1; // total
                    }
                }
                """,
        };
        test.TestState.AdditionalProjects["Library"].Sources.Add(library);
        test.TestState.AdditionalProjectReferences.Add("Library");
        test.FixedState.AdditionalProjects["Library"].Sources.Add(library);
        test.FixedState.AdditionalProjectReferences.Add("Library");
        await test.RunAsync();
    }

    [Fact]
    public async Task FixAll_TwoCallsInOneTaskReturningMethod_MakeItAsyncOnce()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                Task Copy(string from, string to)
                {
                    var text = File.[|ReadAllText|](from);
                    File.[|WriteAllText|](to, text);
                    return Task.CompletedTask;
                }
            }
            """,
            """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task Copy(string from, string to)
                {
                    var text = await File.ReadAllTextAsync(from);
                    await File.WriteAllTextAsync(to, text);
                }
            }
            """);
    }

    [Fact]
    public async Task SpanOverloads_WithAnArrayArgument_AwaitTheMemorySibling()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(FileStream fs, byte[] bytes, ArraySegment<byte> segment)
                {
                    await Task.Yield();
                    fs.[|Write|](bytes);
                    fs.[|Write|](segment);
                    return fs.[|Read|](bytes);
                }
            }
            """,
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(FileStream fs, byte[] bytes, ArraySegment<byte> segment)
                {
                    await Task.Yield();
                    await fs.WriteAsync(bytes);
                    await fs.WriteAsync(segment);
                    return await fs.ReadAsync(bytes);
                }
            }
            """);
    }

    [Fact]
    public async Task SpanOverloads_WithARealSpanArgument_OfferNoFix()
    {
        // A stackalloc, a Span local or .AsSpan() does not convert to Memory: the diagnostic stays, without a fix.
        const string source = """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task M(FileStream fs, byte[] bytes)
                {
                    await Task.Yield();
                    fs.[|Write|](bytes.AsSpan(1));
                    _ = fs.[|Read|](bytes.AsSpan());
                }

                Task NotAsyncYet(FileStream fs)
                {
                    Span<byte> local = stackalloc byte[4];
                    fs.[|Write|](local);
                    fs.[|Write|](stackalloc byte[2]);
                    return Task.CompletedTask;
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public async Task ConditionalAccess_StatementBecomesANullCheck_OtherShapesOfferNoFix()
    {
        // Real code (elastic-transport-net): s?.Dispose() in async code became 's? (await.Dispose());'. As a statement it
        // becomes a null check around the await; inside an expression an await cannot go into the conditional access, so
        // those calls get no fix and Fix All fixes the rest.
        const string source = """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task M(Stream s, Stream t, TextReader reader, string path)
                {
                    await Task.Yield();
                    s?.[|Flush|]();
                    _ = reader?.[|ReadToEnd|]().Length;
                    var text = reader?.[|ReadToEnd|]() ?? "";
                    _ = File.[|ReadAllText|](path);
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task M(Stream s, Stream t, TextReader reader, string path)
                {
                    await Task.Yield();
                    if (s is not null)
                        await s.FlushAsync();
                    _ = reader?.[|ReadToEnd|]().Length;
                    var text = reader?.[|ReadToEnd|]() ?? "";
                    _ = await File.ReadAllTextAsync(path);
                }
            }
            """;
        var test = new VerifyCS.Test { TestCode = source, FixedCode = fixedSource };

        // The calls left without a fix are still reported in the fixed code.
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        await test.RunAsync();
    }
}

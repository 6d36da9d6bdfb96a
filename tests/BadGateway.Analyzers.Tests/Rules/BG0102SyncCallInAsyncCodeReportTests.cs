using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = BadGateway.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<BadGateway.Analyzers.Rules.BG0102SyncCallInAsyncCodeAnalyzer>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>BG0102: what is reported and what is not. The fix is in BG0102SyncCallInAsyncCodeFixTests.</summary>
public class BG0102SyncCallInAsyncCodeReportTests
{
    private const string Usings = """
        using System;
        using System.Data.Common;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task InClass(string members, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n" + members + "\n}\n", expected);

    [Fact]
    public async Task FileCall_InAsyncMethod_IsReportedOnTheName_WithBothNames()
    {
        await InClass(
            """
                async Task<string> M(string path)
                {
                    await Task.Yield();
                    return File.{|#0:ReadAllText|}(path);
                }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("File.ReadAllText", "File.ReadAllTextAsync"));
    }

    [Theory]
    [InlineData("Thread.[|Sleep|](100);")]
    [InlineData("Thread.[|Sleep|](TimeSpan.FromSeconds(1));")]
    [InlineData("File.[|WriteAllText|](\"a\", \"b\");")]
    [InlineData("_ = File.[|ReadAllBytes|](\"a\");")]
    [InlineData("_ = http.[|Send|](new HttpRequestMessage());")]
    [InlineData("_ = stream.[|Read|](buffer, 0, 10);")]
    [InlineData("stream.[|Write|](buffer, 0, 10);")]
    [InlineData("stream.[|Flush|]();")]
    [InlineData("stream.[|CopyTo|](Stream.Null);")]
    [InlineData("_ = reader.[|ReadToEnd|]();")]
    [InlineData("_ = reader.[|ReadLine|]();")]
    [InlineData("connection.[|Open|]();")]
    [InlineData("_ = command.[|ExecuteNonQuery|]();")]
    [InlineData("_ = command.[|ExecuteScalar|]();")]
    [InlineData("using var r = command.[|ExecuteReader|]();")]
    [InlineData("_ = dataReader.[|Read|]();")]
    public async Task WellKnownBlockingCalls_InAsyncCode_AreReported(string statement)
    {
        await InClass(
            $$"""
                async Task M(HttpClient http, FileStream stream, byte[] buffer, TextReader reader, DbConnection connection, DbCommand command, DbDataReader dataReader)
                {
                    await Task.Yield();
                    {{statement}}
                }
            """);
    }

    [Fact]
    public async Task AsyncLambda_AsyncLocalFunction_AndTaskReturningMethod_AreReported()
    {
        await InClass(
            """
                Func<Task> Lambda => async () => { await Task.Yield(); Thread.[|Sleep|](1); };
                void Outer()
                {
                    async Task Local() { await Task.Yield(); Thread.[|Sleep|](1); }
                    _ = Local();
                }
                Task<string> NotAsyncYet(string path) => Task.FromResult(File.[|ReadAllText|](path));
            """);
    }

    [Fact]
    public async Task UserTypesWithConventionSiblings_AndExtensionSiblings_AreReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Repository
            {
                public int Count(string table) => 0;
                public Task<int> CountAsync(string table, CancellationToken cancellationToken = default) => Task.FromResult(0);
                public void Save(int id) { }
                public ValueTask SaveAsync(int id) => default;
            }

            class Base { public string Load() => ""; public Task<string> LoadAsync() => Task.FromResult(""); }
            class Derived : Base { }

            class Gateway { public string Fetch(int id) => ""; }
            static class GatewayExtensions { public static Task<string> FetchAsync(this Gateway gateway, int id) => Task.FromResult(""); }

            class C
            {
                async Task M(Repository repository, Derived derived, Gateway gateway)
                {
                    await Task.Yield();
                    _ = repository.[|Count|]("orders");
                    repository.[|Save|](1);
                    _ = derived.[|Load|]();
                    _ = gateway.[|Fetch|](1);
                }
            }
            """);
    }

    [Fact]
    public async Task ExtensionSiblingFromAReferencedLibrary_IsReported()
    {
        // A library type with a sync method and its Async extension in a referenced assembly (as EF Core's ToListAsync).
        var test = new Verify.Test
        {
            TestCode = Usings + """
                using Data;

                class C
                {
                    async Task<int> M(Query query)
                    {
                        await Task.Yield();
                        return query.[|Count|]();
                    }
                }
                """,
        };
        test.TestState.AdditionalProjects["Library"].Sources.Add("""
            namespace Data
            {
                public class Query { public int Count() => 0; }
                public static class QueryExtensions { public static System.Threading.Tasks.Task<int> CountAsync(this Query query, System.Threading.CancellationToken token = default) => System.Threading.Tasks.Task.FromResult(0); }
            }
            """);
        test.TestState.AdditionalProjectReferences.Add("Library");
        await test.RunAsync();
    }

    private const string LibraryWithAsyncExtension = """
        namespace Data
        {
            public class Query { public int Count() => 0; }
            public static class QueryExtensions { public static System.Threading.Tasks.Task<int> CountAsync(this Query query, System.Threading.CancellationToken token = default) => System.Threading.Tasks.Task.FromResult(0); }
        }
        """;

    private static Task VerifyWithLibrary(params string[] sources)
    {
        var test = new Verify.Test();
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.AdditionalProjects["Library"].Sources.Add(LibraryWithAsyncExtension);
        test.TestState.AdditionalProjectReferences.Add("Library");
        return test.RunAsync();
    }

    private const string CountInAsyncMethod = """
        class C
        {
            async Task<int> M(Query query)
            {
                await Task.Yield();
                return query.[|Count|]();
            }
        }
        """;

    [Fact]
    public async Task ExtensionSiblingFromAReferencedLibrary_IsReportedWhereItsNamespaceIsInScope()
    {
        // Imported by a global using in another file, by global::, by a verbatim name, or visible from a nested namespace.
        await VerifyWithLibrary("global using Data;\n", Usings + CountInAsyncMethod);
        await VerifyWithLibrary(Usings + "using global::Data;\n\n" + CountInAsyncMethod);
        await VerifyWithLibrary(Usings + "using @Data /* the library */;\n\n" + CountInAsyncMethod);
        await VerifyWithLibrary(
            Usings + """
                namespace Data.Reports
                {
                    class C
                    {
                        async Task<int> M(Query query)
                        {
                            await Task.Yield();
                            return query.[|Count|]();
                        }
                    }
                }
                """);
    }

    [Fact]
    public async Task ExtensionSiblingFromAReferencedLibrary_InANamespaceNoFileImports_IsNotReported()
    {
        // Calling Data.QueryExtensions.CountAsync as an extension would need a using the fix does not add.
        await VerifyWithLibrary(
            Usings + """
                class C
                {
                    async Task<int> M(Data.Query query)
                    {
                        await Task.Yield();
                        return query.Count();
                    }
                }
                """);
    }

    // ---- Not reported: no real sibling ----

    [Fact]
    public async Task NameMatchAlone_IsNotEnough()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Api
            {
                public string Get() => "";
                public Task<string> GetAsync(int id) => Task.FromResult("");          // other parameters
                public int Size() => 0;
                public Task<long> SizeAsync() => Task.FromResult(0L);                 // other result
                public static int Parse() => 0;
                public Task<int> ParseAsync() => Task.FromResult(0);                  // static-ness differs
                public void Old() { }
                [Obsolete] public Task OldAsync() => Task.CompletedTask;              // obsolete
                public void Hidden() { }
                private Task HiddenAsync() => Task.CompletedTask;                     // not accessible from C
                public Task<int> Already() => Task.FromResult(0);
                public Task<Task<int>> AlreadyAsync() => Task.FromResult(Task.FromResult(0)); // already awaitable
            }

            class C
            {
                async Task M(Api api)
                {
                    await Task.Yield();
                    _ = api.Get();
                    _ = api.Size();
                    _ = Api.Parse();
                    api.Old();
                    api.Hidden();
                    _ = await api.Already();
                }
            }
            """);
    }

    [Fact]
    public async Task SiblingAccessibility_IsJudgedWhereTheCallIs()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            public class Store
            {
                public void Save() { }
                protected Task SaveAsync() => Task.CompletedTask;
                public void Load() { }
                internal Task LoadAsync() => Task.CompletedTask;
            }

            class Derived : Store
            {
                async Task M()
                {
                    await Task.Yield();
                    [|Save|]();
                }
            }

            class Other
            {
                async Task M(Store store)
                {
                    await Task.Yield();
                    store.Save();
                    store.[|Load|]();
                }
            }

            public class Outer
            {
                private class Hidden
                {
                    public void Run() { }
                    public Task RunAsync() => Task.CompletedTask;
                }

                async Task M()
                {
                    await Task.Yield();
                    new Hidden().[|Run|]();
                }
            }

            class Stranger
            {
                async Task M(Store store, System.IO.Stream stream)
                {
                    await Task.Yield();
                    stream.[|Flush|]();
                }
            }
            """);
    }

    [Fact]
    public async Task SyncCode_NameOf_ExpressionTrees_LockBodies_AndSyncTaskRunLambdas_AreNotReported()
    {
        await InClass(
            """
                private readonly object _gate = new object();
                string Sync(string path) => File.ReadAllText(path);
                async Task<string> M(string path)
                {
                    await Task.Yield();
                    var name = nameof(File.ReadAllText);
                    System.Linq.Expressions.Expression<Func<string, string>> e = p => File.ReadAllText(p);
                    lock (_gate) { Thread.Sleep(1); }
                    return await Task.Run(() => File.ReadAllText(path));
                }
            """);
    }

    [Fact]
    public async Task RecursionIntoItsOwnTwin_IsNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Store
            {
                public int Read(int id) => id;

                // The async twin implemented over the sync one: not a call to replace.
                public async Task<int> ReadAsync(int id)
                {
                    await Task.Yield();
                    return Read(id);
                }
            }
            """);
    }

    [Fact]
    public async Task MemoryStream_IsNotReportedUnlessTheOptionSaysSo()
    {
        const string members = """
            class C
            {
                async Task M(MemoryStream memory, FileStream file, byte[] buffer)
                {
                    await Task.Yield();
                    memory.Write(buffer, 0, 1);
                    file.[|Write|](buffer, 0, 1);
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(Usings + members);

        var test = new Verify.Test { TestCode = Usings + members.Replace("memory.Write", "memory.[|Write|]", System.StringComparison.Ordinal) };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nbg0102.report_memory_stream = true\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task ExcludedSymbols_ByTypeMemberOrBoth_AreNotReported_AndTestLibrariesAreExcludedBuiltIn()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                namespace Xunit { public static class Assert { public static void Throws() { } public static Task ThrowsAsync() => Task.CompletedTask; } }
                namespace Moq { public class Mock { public void Raise() { } public Task RaiseAsync() => Task.CompletedTask; } }
                class Legacy { public void Run() { } public Task RunAsync() => Task.CompletedTask; }
                class C
                {
                    async Task M(Legacy legacy, Moq.Mock mock, string path)
                    {
                        await Task.Yield();
                        Xunit.Assert.Throws();
                        mock.Raise();
                        legacy.Run();
                        File.WriteAllText(path, "");
                        _ = File.[|ReadAllText|](path);
                    }
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nbg0102.excluded_symbols = Legacy, File.WriteAllText\n"));
        await test.RunAsync();
    }
}

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
    public async Task NestedFunctions_InSyncAndAsyncBlocks_AreReportedOnceWhereTheNearestFunctionIsAsync()
    {
        // Issue #16 analyzes a synchronous block through its lambdas and local functions only: each call of async code is
        // still reported once (the verifier fails on a second report at the same place), and none in sync code.
        await InClass(
            """
                static readonly Func<Task> Field = async () => { await Task.Yield(); Thread.[|Sleep|](1); };
                Func<int> Property { get; } = () => { Thread.Sleep(1); return 0; };
                C() { Func<Task> f = async () => { await Task.Yield(); Thread.[|Sleep|](2); }; _ = f; }
                void SyncMethod()
                {
                    Thread.Sleep(3);
                    Action outer = () =>
                    {
                        Thread.Sleep(4);
                        Func<Task> inner = async () =>
                        {
                            await Task.Yield();
                            Thread.[|Sleep|](5);
                            Action innermost = () => Thread.Sleep(6);
                            async Task LocalInLambda() { await Task.Yield(); Thread.[|Sleep|](7); }
                            _ = LocalInLambda();
                            innermost();
                        };
                        _ = inner;
                    };
                    Task NotAsyncLocal() { Thread.[|Sleep|](8); return Task.CompletedTask; }
                    int SyncLocal() { Thread.Sleep(9); return 0; }
                    _ = NotAsyncLocal();
                    _ = SyncLocal();
                    outer();
                }
                async Task AsyncMethod()
                {
                    await Task.Yield();
                    Thread.[|Sleep|](10);
                    Action sync = () => Thread.Sleep(11);
                    Func<Task> nested = async () => { await Task.Yield(); Thread.[|Sleep|](12); };
                    void SyncLocal() => Thread.Sleep(13);
                    sync();
                    SyncLocal();
                    await nested();
                }
            """);
    }

    [Fact]
    public async Task QueryClauses_AndAnonymousMethods_AreDecidedByTheFunctionThatRunsTheCall()
    {
        // A query clause is a synchronous lambda in the operation tree but not in the syntax: the call in it runs in the
        // query's enumeration, not in the async method (issue #16 decides most calls by their syntax, and must not here).
        // The first from's source is evaluated by the method itself.
        await InClass(
            """
                async Task<string[]> Query(string[] paths)
                {
                    await Task.Yield();
                    var texts = from path in paths let size = File.ReadAllBytes(path).Length where size > 0 select File.ReadAllText(path);
                    var lines = from line in File.[|ReadAllLines|]("list.txt") select line.Trim();
                    var tasks = from path in paths select (Func<Task>)(async () => { await Task.Yield(); Thread.[|Sleep|](1); });
                    Func<Task> asyncAnonymous = async delegate { await Task.Yield(); Thread.[|Sleep|](2); };
                    Action syncAnonymous = delegate { Thread.Sleep(3); };
                    _ = tasks;
                    syncAnonymous();
                    await asyncAnonymous();
                    return texts.Concat(lines).ToArray();
                }
                string[] SyncQuery(string[] paths) =>
                    (from path in paths select (Func<Task<string>>)(async () => { await Task.Yield(); return File.[|ReadAllText|](path); }) into load select load.ToString()).ToArray();
            """);
    }

    [Fact]
    public async Task AsyncCodeInASynchronousMember_IsFound_WhateverItsBlockSpells()
    {
        // Async code inside synchronous members that spells neither `async` nor `Task`: a task-returning local function
        // whose type is written through an alias (or with a Unicode escape, below); and async lambdas in a field initializer
        // and a constructor initializer. Issue #16 tried skipping blocks that spell neither word: these keep any such
        // shortcut honest.
        await Verify.VerifyAnalyzerAsync(Usings + """
            using Job = System.Threading.Tasks.Task<string>;

            class Base { public Base(Func<Task> run) { } }

            class C : Base
            {
                static readonly Func<string, Task<string>> Load = async path => { await Task.Yield(); return File.[|ReadAllText|](path); };

                public C(string path) : base(async () => { await Task.Yield(); Thread.[|Sleep|](1); }) { }

                static Task<string> Fetch(string path) => Task.FromResult(path);

                void Aliased(string path)
                {
                    Job Local() { File.[|ReadAllText|](path); return Fetch(path); }
                    _ = Local();
                }

                void Synchronous(string path)
                {
                    string Local() => File.ReadAllText(path);
                    _ = Local();
                }
            }
            """);
    }

    [Fact]
    public async Task TaskWrittenWithAUnicodeEscape_StillFindsTheTaskReturningLocalFunction()
    {
        await InClass(
            """
                static Task<string> Fetch(string path) => Task.FromResult(path);

                void Escaped(string path)
                {
                    T\u0061sk<string> Local() { File.[|ReadAllText|](path); return Fetch(path); }
                    _ = Local();
                }
            """);
    }

    [Fact]
    public async Task GlobalAliasInAnotherFile_StillFindsTheTaskReturningLocalFunction()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add("global using Job = System.Threading.Tasks.Task<string>;\n");
        test.TestState.Sources.Add(Usings + """
            class C
            {
                static Task<string> Fetch(string path) => Task.FromResult(path);

                void Aliased(string path)
                {
                    Job Local() { File.[|ReadAllText|](path); return Fetch(path); }
                    _ = Local();
                }
            }
            """);
        await test.RunAsync();
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
    public async Task ExtensionSiblingFromAReferencedLibrary_NamesRepeatedAcrossFiles_AndADeclarationStillAddsItsParents()
    {
        // The same names repeated across files (global:: or not); a using of Data.Reports in one file must not stop the
        // declaration of Data.Reports in another from making Data visible there.
        await VerifyWithLibrary(
            Usings + "using Data.Reports;\nusing global::Data.Reports;\n\nclass D { }\n",
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
        await VerifyWithLibrary(Usings + "using global::Data;\n\nclass D { }\n", Usings + "using Data;\n\n" + CountInAsyncMethod, Usings + "using Data;\n\nclass E { }\n");
    }

    private const string CountOnQualifiedQueryInAsyncMethod = """
        class C
        {
            async Task<int> M(Data.Query query)
            {
                await Task.Yield();
                return query.Count();
            }
        }
        """;

    [Fact]
    public async Task ExtensionSiblingFromAReferencedLibrary_InANamespaceNoFileImports_IsNotReported()
    {
        // Calling Data.QueryExtensions.CountAsync as an extension would need a using the fix does not add.
        await VerifyWithLibrary(Usings + CountOnQualifiedQueryInAsyncMethod);
    }

    [Fact]
    public async Task ExtensionSiblingFromAReferencedLibrary_ImportedOnlyByAnotherFile_IsNotReportedWhereTheCallsFileCannotCallIt()
    {
        // Whether a call can use an extension is its own file's matter (and the global usings'). Here only D's file imports
        // Data: C's call has no CountAsync to switch to.
        await VerifyWithLibrary(Usings + "using Data;\n\nclass D { }\n", Usings + CountOnQualifiedQueryInAsyncMethod);
    }

    [Fact]
    public async Task SourceExtensionSibling_IsReportedOnlyWhereItsNamespaceIsInScope()
    {
        // A source extension in namespace Gateways.Extensions: callable from a file that imports it, from code in that
        // namespace, and through a using static of its class; not from a file with none of those.
        var test = new Verify.Test();
        test.TestState.Sources.Add(Usings + """
            public class Gateway { public string Fetch(int id) => ""; }

            namespace Gateways.Extensions
            {
                public static class GatewayExtensions { public static Task<string> FetchAsync(this Gateway gateway, int id) => Task.FromResult(""); }

                class InNamespace
                {
                    async Task<string> M(Gateway gateway) { await Task.Yield(); return gateway.[|Fetch|](1); }
                }
            }
            """);
        test.TestState.Sources.Add(Usings + """
            class NotImported
            {
                async Task<string> M(Gateway gateway) { await Task.Yield(); return gateway.Fetch(1); }
            }
            """);
        test.TestState.Sources.Add(Usings + """
            using Gateways.Extensions;

            class Imported
            {
                async Task<string> M(Gateway gateway) { await Task.Yield(); return gateway.[|Fetch|](1); }
            }
            """);
        test.TestState.Sources.Add(Usings + """
            using static Gateways.Extensions.GatewayExtensions;

            class ImportedStatic
            {
                async Task<string> M(Gateway gateway) { await Task.Yield(); return gateway.[|Fetch|](1); }
            }
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task ExtensionSiblingFromAReferencedLibrary_ThroughAUsingStaticOfItsClass_IsReported()
    {
        // using static brings the class's extension methods into scope as extensions, without its namespace.
        await VerifyWithLibrary(Usings + "using static Data.QueryExtensions;\n\n" + CountOnQualifiedQueryInAsyncMethod.Replace("query.Count()", "query.[|Count|]()"));
    }

    [Fact]
    public async Task ExtensionSiblingFromAReferencedLibrary_InTheGlobalNamespace_IsReportedEverywhere()
    {
        // An extension class outside any namespace is in scope in every file, whatever it imports.
        var test = new Verify.Test();
        test.TestState.Sources.Add(Usings + CountOnQualifiedQueryInAsyncMethod.Replace("query.Count()", "query.[|Count|]()"));
        test.TestState.Sources.Add(Usings + """
            namespace Reports;

            class D
            {
                async Task<int> M(Data.Query query) { await Task.Yield(); return query.[|Count|](); }
            }
            """);
        test.TestState.AdditionalProjects["Library"].Sources.Add("""
            namespace Data { public class Query { public int Count() => 0; } }
            public static class GlobalQueryExtensions { public static System.Threading.Tasks.Task<int> CountAsync(this Data.Query query) => System.Threading.Tasks.Task.FromResult(0); }
            """);
        test.TestState.AdditionalProjectReferences.Add("Library");
        await test.RunAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExtensionSiblingFromAReferencedLibrary_ImportedByOneNamespaceBlockOfAFile_IsReportedOnlyInThatBlock(bool importingBlockFirst)
    {
        // Each namespace declaration has its own usings: the block that imports Data can switch to CountAsync, its
        // neighbour in the same file cannot (whichever of the two asks first).
        const string importing = """
            namespace Reports
            {
                using Data;

                class C
                {
                    async Task<int> M(Query query) { await Task.Yield(); return query.[|Count|](); }
                }
            }
            """;
        const string notImporting = """
            namespace Other
            {
                class D
                {
                    async Task<int> M(Data.Query query) { await Task.Yield(); return query.Count(); }
                }
            }
            """;
        await VerifyWithLibrary(Usings + (importingBlockFirst ? importing + "\n" + notImporting : notImporting + "\n" + importing));
    }

    [Fact]
    public async Task ExtensionSiblingFromAReferencedLibrary_InAFileScopedNamespaceUnderItsNamespace_IsReported()
    {
        // Code in a file-scoped namespace Data.Reports sees the extensions of Data, with no using.
        await VerifyWithLibrary(Usings + """
            namespace Data.Reports;

            class C
            {
                async Task<int> M(Query query) { await Task.Yield(); return query.[|Count|](); }
            }
            """);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SourceExtensionSibling_TheSameUsingInAnotherNamespace_IsReportedOnlyWhereItNamesTheExtensionsNamespace(bool reportingFileFirst)
    {
        // Files that spell their usings the same share one scope; "using Extensions;" inside namespace Gateways names
        // Gateways.Extensions, inside namespace Reports it names Reports.Extensions, which has no FetchAsync.
        const string declarations = """
            public class Gateway { public string Fetch(int id) => ""; }
            namespace Gateways.Extensions { public static class GatewayExtensions { public static Task<string> FetchAsync(this Gateway gateway, int id) => Task.FromResult(""); } }
            namespace Reports.Extensions { public static class Unrelated { public static int Count(this Gateway gateway) => 0; } }
            """;
        const string reporting = """
            namespace Gateways
            {
                using Extensions;

                class A { async Task<string> M(Gateway gateway) { await Task.Yield(); return gateway.[|Fetch|](1); } }
            }
            """;
        const string notReporting = """
            namespace Reports
            {
                using Extensions;

                class B { async Task<string> M(Gateway gateway) { await Task.Yield(); return gateway.Fetch(1); } }
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(Usings + declarations);
        foreach (var source in reportingFileFirst ? new[] { reporting, reporting.Replace("class A", "class A2"), notReporting } : new[] { notReporting, reporting, reporting.Replace("class A", "class A2") })
        {
            test.TestState.Sources.Add(Usings + source);
        }

        await test.RunAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SourceExtensionSibling_ThroughAUsingStaticOfAFileLocalClass_IsReportedOnlyInTheFileWhoseClassDeclaresIt(bool reportingFileFirst)
    {
        // Two files spell "using static Helpers;" the same, but each sees its own file-local Helpers: only the first
        // declares FetchAsync.
        const string reporting = """
            using static Helpers;

            file static class Helpers { public static Task<string> FetchAsync(this Gateway gateway, int id) => Task.FromResult(""); }

            class A { async Task<string> M(Gateway gateway) { await Task.Yield(); return gateway.[|Fetch|](1); } }
            """;
        const string notReporting = """
            using static Helpers;

            file static class Helpers { public static Task<int> CountAsync(this Gateway gateway) => Task.FromResult(0); }

            class B { async Task<string> M(Gateway gateway) { await Task.Yield(); return gateway.Fetch(1); } }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(Usings + "public class Gateway { public string Fetch(int id) => \"\"; }\n");
        test.TestState.Sources.Add(Usings + (reportingFileFirst ? reporting : notReporting));
        test.TestState.Sources.Add(Usings + (reportingFileFirst ? notReporting : reporting));
        await test.RunAsync();
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
    public async Task ACallThePeerRuleIsSilencedFor_ByPragmaOrAttribute_IsNotReported()
    {
        // SSH.NET's SshCommand: "#pragma warning disable CA1849 // ... PipeStream.DisposeAsync would complete synchronously
        // anyway." The author judged the call for CA1849 or VSTHRD103; a restored pragma or another rule's does not count.
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                async Task Pragma(Stream output, Stream error)
                {
                    await Task.Yield();
            #pragma warning disable CA1849 // Call async methods when in an async method; DisposeAsync would complete synchronously anyway.
                    output.Dispose();
            #pragma warning restore CA1849
                    error.[|Dispose|]();
                }

                async Task Threading(Stream output)
                {
                    await Task.Yield();
            #pragma warning disable VSTHRD103
                    output.Flush();
            #pragma warning restore VSTHRD103
                }

                async Task OtherRule(Stream output)
                {
                    await Task.Yield();
            #pragma warning disable CA2000
                    output.[|Flush|]();
            #pragma warning restore CA2000
                }

                [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA1849:Call async methods when in an async method", Justification = "in-memory")]
                async Task Attribute(Stream output)
                {
                    await Task.Yield();
                    output.Flush();
                }
            }

            [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD103")]
            class OnTheType
            {
                async Task M(Stream output)
                {
                    await Task.Yield();
                    output.Flush();
                }
            }
            """);
    }

    [Fact]
    public async Task AStreamNamedForMemory_IsInMemory_APipeOrFileStreamIsNot()
    {
        // MailKit's Pop3Client: MimeKit's MemoryBlockStream (not a MemoryStream) filled after each awaited network read.
        await Verify.VerifyAnalyzerAsync(Usings + """
            class MemoryBlockStream : Stream
            {
                public override bool CanRead => true;
                public override bool CanSeek => true;
                public override bool CanWrite => true;
                public override long Length => 0;
                public override long Position { get; set; }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) => 0;
                public override long Seek(long offset, SeekOrigin origin) => 0;
                public override void SetLength(long value) { }
                public override void Write(byte[] buffer, int offset, int count) { }
            }

            class PooledBlockStream : MemoryBlockStream { }

            class C
            {
                async Task<Stream> M(Stream data, FileStream file, System.IO.Pipes.PipeStream pipe, byte[] buffer)
                {
                    var stream = new MemoryBlockStream();
                    Stream pooled = new PooledBlockStream();
                    try
                    {
                        int read;
                        while ((read = await data.ReadAsync(buffer, 0, buffer.Length)) > 0)
                        {
                            stream.Write(buffer, 0, read);
                            pooled.Write(buffer, 0, read);
                            file.[|Write|](buffer, 0, read);
                            pipe.[|Write|](buffer, 0, read);
                        }

                        return stream;
                    }
                    catch
                    {
                        stream.Dispose();
                        pooled.Dispose();
                        throw;
                    }
                }
            }
            """);
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

    private static Task WithOptions(string source, string options, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + options + "\n"));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- Dual sync/async paths: one body behind a bool, the other branch awaits the sibling ----

    [Fact]
    public async Task DualPath_ConditionalExpression_IsNotReported()
    {
        await InClass(
            """
                async Task<string> Read(StreamReader sr, bool isAsync, CancellationToken ct) =>
                    isAsync ? await sr.ReadToEndAsync(ct) : sr.ReadToEnd();
                async ValueTask<string> ReadNegated(StreamReader sr, bool isSync) =>
                    !isSync ? await sr.ReadToEndAsync().ConfigureAwait(false) : sr.ReadToEnd();
            """);
    }

    [Fact]
    public async Task DualPath_IfElse_Negated_ElseIfChains_AndDeeperNesting_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Options { public bool Async { get; set; } }
            class Transport
            {
                private readonly bool _async;
                private bool IsAsync { get; }
                public Transport(bool async) { _async = async; IsAsync = async; }

                async Task AzureStyle(Stream x, bool async)
                {
                    if (async) { await x.FlushAsync().ConfigureAwait(false); } else { x.Flush(); }
                }

                async Task Negated(Stream x, byte[] buffer, bool isAsync, CancellationToken ct)
                {
                    if (!isAsync)
                    {
                        x.Write(buffer, 0, 1);
                    }
                    else
                    {
                        await x.WriteAsync(buffer, 0, 1, ct);
                    }
                }

                async Task<int> FieldPropertyAndOtherArguments(Stream x, byte[] buffer, Options options)
                {
                    var n = 0;
                    if (_async) n = await x.ReadAsync(buffer.AsMemory(0, 4)); else n = x.Read(buffer, 0, 4);
                    if (IsAsync) n += await x.ReadAsync(buffer, 0, 4); else n += x.Read(buffer, 0, 4);
                    if (options.Async) await x.FlushAsync(); else x.Flush();
                    return n;
                }

                async Task ElseIfChain(Stream x, bool isAsync, bool verbose)
                {
                    var local = isAsync;
                    if (local)
                    {
                        await x.FlushAsync();
                    }
                    else if (verbose)
                    {
                        Console.WriteLine("flushing");
                        x.Flush();
                    }
                    else
                    {
                        x.Flush();
                    }
                }

                async Task Nested(Stream x, TextReader reader, bool isAsync)
                {
                    if (isAsync)
                    {
                        using (var s = new StreamWriter(x))
                        {
                            await s.WriteLineAsync(await reader.ReadLineAsync());
                        }
                    }
                    else
                    {
                        foreach (var i in new[] { 1, 2 })
                        {
                            if (i > 0)
                            {
                                Console.WriteLine(reader.ReadLine());
                            }
                        }
                    }
                }

                async Task SleepOrDelay(bool isAsync)
                {
                    if (isAsync) await Task.Delay(10); else Thread.Sleep(10);
                }
            }
            """);
    }

    [Fact]
    public async Task DualPath_WithoutTheSiblingAwaitedInTheOtherBranch_OrWithoutABoolFlag_IsReported()
    {
        // Different receivers in each method, so no call is exempt as a paired hook (the method awaiting its sibling on the same receiver).
        await InClass(
            """
                bool IsAsync() => true;
                // A flag not named for the async path needs the sibling itself awaited in the other branch.
                async Task UnrelatedAwait(Stream x, bool fast)
                {
                    if (fast) { await Task.Yield(); } else { x.[|Flush|](); }
                }

                async Task OtherSibling(Stream a, TextReader reader, bool fast)
                {
                    if (fast) { await a.FlushAsync(); } else { _ = reader.[|ReadToEnd|](); }
                    _ = fast ? await reader.ReadLineAsync() : reader.[|ReadToEnd|]();
                }

                async Task NotABoolFlag(Stream a, Stream b, int count)
                {
                    if (count > 0) { await a.FlushAsync(); } else { b.[|Flush|](); }
                    if (IsAsync()) { await a.FlushAsync(); } else { b.[|Flush|](); }
                }

                async Task SameBranch(Stream a, Stream b, bool isAsync)
                {
                    if (isAsync) { b.[|Flush|](); await a.FlushAsync(); }
                }

                async Task NotAwaited(Stream a, bool isAsync)
                {
                    if (isAsync) { _ = a.FlushAsync(); } else { a.[|Flush|](); }
                }

                async Task AwaitedInALambda(Stream a, bool fast)
                {
                    if (fast) { await Task.Run(async () => await a.FlushAsync()); } else { a.[|Flush|](); }
                }

                async Task InTheCondition(Stream a, TextReader reader, bool isAsync)
                {
                    if (reader.[|ReadToEnd|]().Length > 0 && isAsync) { await a.FlushAsync(); }
                }
            """);
    }

    // ---- In-memory readers and writers ----

    [Fact]
    public async Task InMemoryReadersAndWriters_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            using System.Text;

            class MyWriter : StringWriter { }

            class C
            {
                async Task<string> M(string text, StringReader given, byte[] bytes)
                {
                    await Task.Yield();
                    using var reader = new StringReader(text);
                    _ = reader.ReadToEnd();
                    _ = given.ReadLine();
                    var sb = new StringBuilder();
                    using var writer = new StringWriter(sb);
                    writer.Write("a");
                    writer.Flush();
                    new MyWriter().Flush();
                    TextWriter.Null.Flush();
                    Stream.Null.Flush();
                    Stream.Null.Write(bytes, 0, 1);

                    using var memory = new MemoryStream();
                    using var streamWriter = new StreamWriter(memory);
                    streamWriter.Write("a");
                    streamWriter.Flush();
                    using var binaryWriter = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true);
                    binaryWriter.Flush();
                    Stream declaredAsStream = new MemoryStream(bytes);
                    using var streamReader = new StreamReader(declaredAsStream);
                    _ = new StreamReader(new MemoryStream(bytes)).ReadToEnd();
                    return streamReader.ReadToEnd();
                }
            }
            """);
    }

    [Fact]
    public async Task ReadersAndWritersOverRealStreams_AreReported()
    {
        await InClass(
            """
                async Task M(string path, Stream stream, Stream maybeMemory, bool flag)
                {
                    await Task.Yield();
                    using var file = new StreamReader(path);
                    _ = file.[|ReadToEnd|]();
                    using var writer = new StreamWriter(stream);
                    writer.[|Flush|]();
                    var reused = new StreamReader(new MemoryStream());
                    reused = new StreamReader(stream);
                    _ = reused.[|ReadToEnd|]();
                    Stream reassigned = new MemoryStream();
                    if (flag) reassigned = maybeMemory;
                    _ = new StreamReader(reassigned).[|ReadToEnd|]();
                }
            """);
    }

    [Fact]
    public async Task InMemoryReadersAndWriters_AreReportedWithTheMemoryStreamOption()
    {
        await WithOptions(
            Usings + """
                class C
                {
                    async Task M(string text)
                    {
                        await Task.Yield();
                        _ = new StringReader(text).[|ReadToEnd|]();
                        var memory = new MemoryStream();
                        new StreamWriter(memory).[|Flush|]();
                        TextWriter.Null.[|Flush|]();
                    }
                }
                """,
            "bg0102.report_memory_stream = true");
    }

    // ---- EF Core Add/AddRange ----

    private const string EfCoreStub = """
        namespace Microsoft.EntityFrameworkCore
        {
            public class EntityEntry { }
            public class EntityEntry<T> : EntityEntry where T : class { }
            public class DbContext
            {
                public virtual EntityEntry Add(object entity) => null;
                public virtual ValueTask<EntityEntry> AddAsync(object entity, CancellationToken cancellationToken = default) => default;
                public virtual void AddRange(object[] entities) { }
                public virtual Task AddRangeAsync(object[] entities) => Task.CompletedTask;
                public virtual int SaveChanges() => 0;
                public virtual Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
            }

            public abstract class DbSet<T> where T : class
            {
                public virtual EntityEntry<T> Add(T entity) => null;
                public virtual ValueTask<EntityEntry<T>> AddAsync(T entity, CancellationToken cancellationToken = default) => default;
                public virtual void AddRange(System.Collections.Generic.IEnumerable<T> entities) { }
                public virtual Task AddRangeAsync(System.Collections.Generic.IEnumerable<T> entities, CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
        }

        """;

    [Fact]
    public async Task EfCoreAddAndAddRange_AreNotReported_ButSaveChangesAndOtherAddsAre()
    {
        await Verify.VerifyAnalyzerAsync(Usings + EfCoreStub + """
            class Order { }
            class ShopContext : Microsoft.EntityFrameworkCore.DbContext
            {
                public Microsoft.EntityFrameworkCore.DbSet<Order> Orders { get; } = null;
            }

            class Cart
            {
                public void Add(Order order) { }
                public Task AddAsync(Order order) => Task.CompletedTask;
            }

            class C
            {
                async Task M(ShopContext context, Order order, Order[] orders, Cart cart)
                {
                    await Task.Yield();
                    context.Add(order);
                    context.AddRange(orders);
                    context.Orders.Add(order);
                    context.Orders.AddRange(orders);
                    cart.[|Add|](order);
                    _ = context.[|SaveChanges|]();
                }
            }
            """);
    }

    // ---- Found on the real-world corpus, second pass ----

    [Fact]
    public async Task DualPath_FlagNamedAsync_OtherBranchAwaitsAnotherApi_IsNotReported()
    {
        // elastic-transport-net: the async path awaits Task.Factory.FromAsync(BeginGetResponse, ...), the sync path calls GetResponse().
        await InClass(
            """
                async Task<Stream> Send(Stream request, byte[] body, bool isAsync, CancellationToken ct)
                {
                    if (isAsync)
                    {
                        await Task.Factory.FromAsync((cb, st) => request.BeginWrite(body, 0, body.Length, cb, st), request.EndWrite, null);
                    }
                    else
                    {
                        request.Write(body, 0, body.Length);
                    }

                    var length = IsAsync ? await Task.Run(() => request.Length) : request.Read(body, 0, 1);
                    return request;
                }

                bool IsAsync { get; }
            """);
    }

    [Fact]
    public async Task DualPath_FlagNotNamedAsync_OrOtherBranchWithoutAwait_IsReported()
    {
        await InClass(
            """
                async Task Send(Stream request, byte[] body, bool compress, bool isAsync)
                {
                    if (compress)
                    {
                        await Task.Delay(1);
                    }
                    else
                    {
                        request.{|#0:Write|}(body, 0, body.Length);
                    }

                    if (isAsync)
                    {
                        Console.WriteLine("no await here");
                    }
                    else
                    {
                        request.{|#1:Flush|}();
                    }
                }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("Write", "WriteAsync"),
            Verify.Diagnostic("BG0102").WithLocation(1).WithArguments("Flush", "FlushAsync"));
    }

    [Fact]
    public async Task PreprocessorChoice_OtherBranchCallsTheSibling_IsNotReported_ElseReported()
    {
        // elastic-transport-net: #if NET6_0_OR_GREATER await s.DisposeAsync(); #else s.Dispose(); #endif
        await InClass(
            """
                async Task Close(Stream stream, Stream other, Stream third)
                {
                    await Task.Yield();
            #if HAS_ASYNC_DISPOSE
                    await stream.DisposeAsync().ConfigureAwait(false);
            #else
                    stream.Dispose();
            #endif
            #if HAS_SOMETHING
                    Console.WriteLine();
            #else
                    other.{|#0:Dispose|}();
            #endif
            #if HAS_FLUSH_ASYNC
                    await third.FlushAsync();
            #elif HAS_OTHER
                    third.Flush(0);
            #else
                    third.Flush();
            #endif
                }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("Dispose", "DisposeAsync"));
    }

    [Fact]
    public async Task InAMethodNamedSyncOnPurpose_IsNotReported_ButSyncMeaningSynchronizeIs()
    {
        // Newtonsoft.Json (vendored by Exceptionless): WriteTokenSyncReadingAsync writes synchronously on purpose.
        await InClass(
            """
                async Task WriteTokenSyncReadingAsync(TextWriter writer, TextReader reader)
                {
                    while (await reader.ReadLineAsync() is { } line)
                    {
                        writer.Write(line);
                    }
                }

                async Task SyncUsersAsync(TextWriter writer) { await Task.Yield(); writer.{|#0:Write|}("x"); }
                async Task FullSyncAsync(TextWriter writer) { await Task.Yield(); writer.{|#1:Write|}("x"); }
                async Task ReadAsync(TextWriter writer) { await Task.Yield(); writer.{|#2:Write|}("x"); }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("Write", "WriteAsync"),
            Verify.Diagnostic("BG0102").WithLocation(1).WithArguments("Write", "WriteAsync"),
            Verify.Diagnostic("BG0102").WithLocation(2).WithArguments("Write", "WriteAsync"));
    }

    [Fact]
    public async Task SyncBranchOfAnEnumMode_AndANonAsyncMethodEndingInSync_AreNotReported()
    {
        // MySqlConnector: `ioBehavior == IOBehavior.Asynchronous ? await Dns.GetHostAddressesAsync(h) : Dns.GetHostAddresses(h)`
        // (ServerSession.cs:1297), `if (ioBehavior == IOBehavior.Synchronous) stream.ReadAtLeast(...) else await ...`, and
        // DoReadBytesSync, the method ReadBytesAsync picks for the sync API (SocketByteHandler.cs:44).
        await InClass(
            """
                enum IOBehavior { Synchronous, Asynchronous }
                enum Mode { Fast, Slow }

                async Task<string> ResolveAsync(IOBehavior ioBehavior, Stream stream, byte[] buffer)
                {
                    var a = ioBehavior == IOBehavior.Asynchronous ? await stream.ReadAsync(buffer, 0, 1) : stream.Read(buffer, 0, 1);
                    if (ioBehavior == IOBehavior.Synchronous)
                        stream.Flush();
                    else
                        await stream.FlushAsync();
                    if (IOBehavior.Asynchronous != ioBehavior)
                    {
                        stream.Write(buffer, 0, 1);
                    }
                    else
                    {
                        await stream.WriteAsync(buffer, 0, 1);
                    }

                    if (ioBehavior is IOBehavior.Synchronous)
                        stream.Flush();
                    else
                        await stream.FlushAsync();
                    return a.ToString();
                }

                async Task OtherModesAsync(Mode mode, Stream stream, byte[] buffer)
                {
                    if (mode == Mode.Fast)
                        stream.{|#0:Flush|}();
                    else
                        await Task.Delay(1);
                }

                ValueTask<int> ReadBytesAsync(Stream stream, byte[] buffer, IOBehavior ioBehavior) =>
                    ioBehavior == IOBehavior.Asynchronous ? new(stream.ReadAsync(buffer, 0, 1)) : DoReadBytesSync(stream, buffer);

                ValueTask<int> DoReadBytesSync(Stream stream, byte[] buffer) => new(stream.Read(buffer, 0, 1));

                async Task RunDataSync(Stream stream) { await Task.Yield(); stream.{|#1:Flush|}(); }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("Flush", "FlushAsync"),
            Verify.Diagnostic("BG0102").WithLocation(1).WithArguments("Flush", "FlushAsync"));
    }

    [Fact]
    public async Task SyncOnlyBranchesOfAFlagNamedAsync_WithoutAnElse_AreNotReported()
    {
        // Npgsql: `if (!async) return new(Read(reader));` then the async path (PgStreamingConverter.cs:40), and
        // `if (async) return WriteAsync(writer, value, ct); Write(writer, value); return new();` (line 61).
        await InClass(
            """
                enum IOBehavior { Synchronous, Asynchronous }

                ValueTask<int> ReadAsObject(bool async, Stream stream, byte[] buffer, CancellationToken ct)
                {
                    if (!async)
                        return new(stream.Read(buffer, 0, 1));

                    return new(stream.ReadAsync(buffer, 0, 1, ct));
                }

                ValueTask WriteAsObject(bool async, Stream stream, byte[] buffer, CancellationToken ct)
                {
                    if (async)
                    {
                        return new(stream.WriteAsync(buffer, 0, 1, ct));
                    }

                    stream.Write(buffer, 0, 1);
                    return new();
                }

                ValueTask<int> Read(bool async, Stream stream, byte[] buffer) =>
                    async ? new(stream.ReadAsync(buffer, 0, 1)) : new(stream.Read(buffer, 0, 1));

                ValueTask Add(bool isAsync, Stream stream, byte[] buffer, System.Collections.Generic.List<int> values)
                {
                    if (isAsync)
                    {
                        return new(stream.WriteAsync(buffer, 0, 1));
                    }
                    else
                        values.Add(stream.Read(buffer, 0, 1));
                    return new();
                }

                async Task FlushAsync(IOBehavior ioBehavior, Stream stream)
                {
                    if (ioBehavior != IOBehavior.Asynchronous)
                    {
                        stream.Flush();
                    }

                    await Task.Yield();
                }

                async Task StillReportedAsync(bool async, bool verbose, Stream stream)
                {
                    if (async)
                    {
                        stream.{|#0:Flush|}();
                    }

                    if (verbose)
                    {
                        return;
                    }

                    stream.{|#1:Flush|}();
                    if (!async)
                    {
                        return;
                    }

                    stream.{|#2:Flush|}();
                    await Task.Yield();
                }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("Flush", "FlushAsync"),
            Verify.Diagnostic("BG0102").WithLocation(1).WithArguments("Flush", "FlushAsync"),
            Verify.Diagnostic("BG0102").WithLocation(2).WithArguments("Flush", "FlushAsync"));
    }

    [Fact]
    public async Task AnotherOverloadOfTheSiblingImplementedOverTheSyncMember_IsNotReported()
    {
        // Npgsql's PreparedTextReader.cs:73: `public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());`
        // while the lookup finds ReadLineAsync(CancellationToken); another type's ReadLine in the same member is still reported.
        await InClass(
            """
                sealed class Prepared : TextReader
                {
                    public override string? ReadLine() => null;
                    public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());
                    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => new(ReadLine());
                }

                sealed class Other
                {
                    public async Task<string?> ReadLineAsync(TextReader reader) { await Task.Yield(); return reader.{|#0:ReadLine|}(); }
                }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("ReadLine", "ReadLineAsync"));
    }

    [Fact]
    public async Task BufferedRowReadsOfADbDataReader_AreNotReported_ItsReadsAre()
    {
        // MySqlConnector CachedProcedure.cs:90: `!reader.IsDBNull(1) ? reader.GetString(1) : null` after `await reader.ReadAsync()`.
        await InClass(
            """
                async Task<int> CountAsync(System.Data.Common.DbCommand command)
                {
                    var count = 0;
                    using var reader = await command.ExecuteReaderAsync();
                    var schema = reader.GetColumnSchema();
                    while (await reader.ReadAsync())
                    {
                        if (!reader.IsDBNull(0) && reader.GetFieldValue<int>(0) > 0)
                        {
                            count += schema.Count;
                        }
                    }

                    reader.{|#0:NextResult|}();
                    return count;
                }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("NextResult", "NextResultAsync"));
    }

    [Fact]
    public async Task ConsoleWriters_AreNotReported_OtherWritersAre()
    {
        // YARP's app: Console.Error.WriteLine before returning an exit code; Console's writers are synchronized.
        await InClass(
            """
                async Task<int> Main(TextWriter log)
                {
                    await Task.Yield();
                    Console.Error.WriteLine("usage: app <config>");
                    Console.Out.Write("x");
                    _ = Console.In.ReadLine();
                    var error = Console.Error;
                    error.Flush();
                    log.{|#0:WriteLine|}("logged");
                    return 1;
                }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("WriteLine", "WriteLineAsync"));
    }

    [Fact]
    public async Task ReadersOverABufferedHttpResponseBody_AreNotReported_UnlessHeadersOnly()
    {
        // NBitcoin: JArray.Load(new JsonTextReader(new StreamReader(await response.Content.ReadAsStreamAsync()))) after SendAsync.
        await Verify.VerifyAnalyzerAsync(Usings + """
            class JsonTextReader { public JsonTextReader(TextReader reader) { } }
            static class JArray
            {
                public static object Load(JsonTextReader reader) => null;
                public static Task<object> LoadAsync(JsonTextReader reader, CancellationToken cancellationToken = default) => Task.FromResult<object>(null);
            }

            class C
            {
                async Task<object> Buffered(HttpClient client, HttpRequestMessage request)
                {
                    using (var response = await client.SendAsync(request, CancellationToken.None).ConfigureAwait(false))
                    {
                        return JArray.Load(new JsonTextReader(new StreamReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false))));
                    }
                }

                async Task<string> BufferedReader(HttpClient client, string url)
                {
                    using var response = await client.GetAsync(url);
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                    return reader.ReadToEnd();
                }

                async Task<object> HeadersOnly(HttpClient client, HttpRequestMessage request)
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    return JArray.{|#0:Load|}(new JsonTextReader(new StreamReader(await response.Content.ReadAsStreamAsync())));
                }

                async Task<string> Reassigned(HttpClient client, string url, HttpResponseMessage other)
                {
                    var response = await client.GetAsync(url);
                    response = other;
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                    return reader.{|#1:ReadToEnd|}();
                }

                async Task<object> FromAFile(string path)
                {
                    await Task.Yield();
                    return JArray.{|#2:Load|}(new JsonTextReader(new StreamReader(path)));
                }
            }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("JArray.Load", "JArray.LoadAsync"),
            Verify.Diagnostic("BG0102").WithLocation(1).WithArguments("ReadToEnd", "ReadToEndAsync"),
            Verify.Diagnostic("BG0102").WithLocation(2).WithArguments("JArray.Load", "JArray.LoadAsync"));
    }

    [Fact]
    public async Task CancellationTokenRegistrationDispose_IsNotReportedByDefault()
    {
        // Polly: disposing the registration of a CancellationTokenSource.Cancel callback; DisposeAsync is no better.
        await InClass(
            """
                async Task M(CancellationToken token, CancellationTokenSource cts)
                {
                    var registration = token.Register(() => cts.Cancel());
                    await Task.Yield();
                    registration.Dispose();
                }
            """);
    }

    // ---- ZipArchiveEntry.Open (real code: Cake's GitHub Actions artifacts) ----

    [Fact]
    public async Task ZipArchiveEntryOpen_IsNotReported_ButTheStreamsReadsAndWritesAre()
    {
        // .NET 10 adds ZipArchiveEntry.OpenAsync; the stub stands in for it on the .NET 8 reference assemblies.
        await new Verify.Test
        {
            TestCode = Usings + """
                namespace System.IO.Compression
                {
                    public class ZipArchiveEntry
                    {
                        public Stream Open() => Stream.Null;
                        public Task<Stream> OpenAsync(CancellationToken cancellationToken = default) => Task.FromResult(Stream.Null);
                    }
                }

                class Package
                {
                    public Stream Open() => Stream.Null;
                    public Task<Stream> OpenAsync(CancellationToken cancellationToken = default) => Task.FromResult(Stream.Null);
                }

                class C
                {
                    async Task M(System.IO.Compression.ZipArchiveEntry entry, Package package, FileStream file, byte[] data)
                    {
                        await Task.Yield();
                        using (var stream = entry.Open())
                        {
                            await stream.WriteAsync(data, 0, data.Length);
                        }

                        using var other = entry?.Open();
                        using var packaged = package.[|Open|]();
                        file.[|Write|](data, 0, data.Length);
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync();
    }

    // ---- CancellationTokenSource.Cancel ----

    private const string CancelInAsyncCode = """
        class C
        {
            async Task M(CancellationTokenSource cts)
            {
                await Task.Yield();
                cts.{|#0:Cancel|}();
                cts.Cancel(throwOnFirstException: true);
            }
        }
        """;

    [Fact]
    public async Task CancellationTokenSourceCancel_IsNotReportedByDefault()
    {
        await Verify.VerifyAnalyzerAsync(Usings + CancelInAsyncCode.Replace("{|#0:Cancel|}", "Cancel", System.StringComparison.Ordinal));
        await WithOptions(Usings + CancelInAsyncCode.Replace("{|#0:Cancel|}", "Cancel", System.StringComparison.Ordinal), "bg0102.report_cancellation_token_source_cancel = false");
        await WithOptions(Usings + CancelInAsyncCode.Replace("{|#0:Cancel|}", "Cancel", System.StringComparison.Ordinal), "bg0102.report_cancellation_token_source_cancel = maybe");
    }

    [Fact]
    public async Task CancellationTokenSourceCancel_IsReportedWhenTheOptionSaysSo()
    {
        await WithOptions(
            Usings + CancelInAsyncCode,
            "bg0102.report_cancellation_token_source_cancel = true",
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("Cancel", "CancelAsync"));
    }

    // ---- Paired hooks: the same method awaits the sibling on the same receiver ----

    [Fact]
    public async Task PairedHooks_SameReceiverAwaitsTheSibling_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Handler { public void Handle(int e) { } public Task HandleAsync(int e, CancellationToken ct = default) => Task.CompletedTask; }
            class Dispatcher
            {
                private readonly Handler _handler = new Handler();
                public void Handle(int e) { }
                public Task HandleAsync(int e) => Task.CompletedTask;

                async Task Local(Handler h, int e)
                {
                    var local = h;
                    local.Handle(e);
                    await local.HandleAsync(e).ConfigureAwait(false);
                }

                async Task ParameterFieldAndThis(Handler h, int e, CancellationToken ct)
                {
                    h.Handle(e);
                    await h.HandleAsync(e, ct);
                    await _handler.HandleAsync(e);
                    _handler.Handle(e);
                    Handle(e);
                    await this.HandleAsync(e);
                }

                Func<Task> Lambda(Handler h) => async () => { h.Handle(1); await h.HandleAsync(1); };
            }
            """);
    }

    [Fact]
    public async Task PairedHooks_OtherReceiverOrNoAwait_AreReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Handler { public void Handle(int e) { } public Task HandleAsync(int e) => Task.CompletedTask; }
            class C
            {
                async Task M(Handler a, Handler b, Handler c, Handler[] all)
                {
                    a.[|Handle|](1);
                    await b.HandleAsync(1);
                    c.[|Handle|](2);
                    _ = c.HandleAsync(2);
                    all[0].[|Handle|](3);
                    await all[0].HandleAsync(3);
                }

                async Task OtherArguments(Handler a, Stream s, byte[] header, byte[] body)
                {
                    a.[|Handle|](1);
                    await a.HandleAsync(2);
                    await s.WriteAsync(header, 0, 1);
                    s.[|Write|](body, 0, 1);
                }

                async Task OtherFunction(Handler a)
                {
                    a.[|Handle|](1);
                    Func<Task> later = async () => await a.HandleAsync(1);
                    await later();
                }
            }
            """);
    }

    [Fact]
    public async Task PairedHooks_ReceiversNamedForTheSyncAndAsyncPaths_AreNotReported()
    {
        // elastic-transport-net's VirtualizedCluster Auditor runs the same call both ways, on a cluster kept for each path.
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Cluster { public int ClientCall(string o) => 0; public Task<int> ClientCallAsync(string o) => Task.FromResult(0); }
            class Auditor
            {
                private Cluster _cluster = new Cluster();
                private Cluster _clusterAsync = new Cluster();
                public int Response { get; set; }
                public int ResponseAsync { get; set; }

                public async Task<Auditor> TraceStartup(string overrides)
                {
                    //synchronous code path
                    Response = _cluster.ClientCall(overrides);
                    //async code path
                    ResponseAsync = await _clusterAsync.ClientCallAsync(overrides).ConfigureAwait(false);
                    return this;
                }

                async Task Locals(Cluster clientSync, Cluster clientAsync)
                {
                    clientSync.ClientCall("a");
                    await clientAsync.ClientCallAsync("a");
                }
            }
            """);
    }

    [Fact]
    public async Task PairedHooks_ReceiversNotNamedForThePaths_OrOtherArguments_AreReported()
    {
        // Half-converted code with two receivers, twins given other arguments, and a twin of another type are still reported.
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Cluster { public int ClientCall(string o) => 0; public Task<int> ClientCallAsync(string o) => Task.FromResult(0); }
            class Other { public Task<int> ClientCallAsync(string o) => Task.FromResult(0); }
            class C
            {
                async Task M(Cluster primary, Cluster backup, Cluster cluster, Cluster clusterAsync, Cluster node, Other nodeAsync)
                {
                    primary.[|ClientCall|]("a");
                    await backup.ClientCallAsync("a");
                    cluster.[|ClientCall|]("a");
                    await clusterAsync.ClientCallAsync("b");
                    node.[|ClientCall|]("c");
                    await nodeAsync.ClientCallAsync("c");
                }
            }
            """);
    }

    // ---- Self-recursion: the sibling is the method we are in ----

    [Fact]
    public async Task SelfRecursion_FromLambdasLocalFunctionsOverridesAndImplementations_IsNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            interface IHost { void Start(); Task StartAsync(); }

            class Service
            {
                public void Start() { }
                public Task StartAsync() => Task.Run(async () => { await Task.Yield(); Start(); });
                public void Stop() { }
                public Task StopAsync()
                {
                    return Run();
                    async Task Run() { await Task.Yield(); Stop(); }
                }
                public void Load() { }
                public Task LoadAsync() => Task.Run(() => Task.Run(async () => { await Task.Yield(); Load(); }));
            }

            abstract class Base
            {
                public void Start() { }
                public virtual Task StartAsync() => Task.CompletedTask;
            }

            class Derived : Base
            {
                public override async Task StartAsync() { await Task.Yield(); Start(); }
            }

            class Host : IHost
            {
                private readonly IHost _inner = null;
                public void Start() => _inner.Start();
                public async Task StartAsync() { await Task.Yield(); _inner.Start(); }
            }

            class ExplicitHost : IHost
            {
                private readonly IHost _inner = null;
                void IHost.Start() => _inner.Start();
                async Task IHost.StartAsync() { await Task.Yield(); _inner.Start(); }
            }
            """);
    }

    [Fact]
    public async Task SelfRecursion_OtherMethodsCallingTheSyncTwin_AreReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Service
            {
                public void Start() { }
                public Task StartAsync() => Task.CompletedTask;
                public void Stop() { }
                public Task StopAsync() => Task.Run(async () => { await Task.Yield(); [|Start|](); });
                public async Task RunAsync() { await Task.Yield(); [|Stop|](); }
            }

            class Derived : Service
            {
                public new async Task StopAsync() { await Task.Yield(); [|Start|](); }
            }
            """);
    }

    // ---- Task, ValueTask and awaiter members are BG0101's ----

    [Fact]
    public async Task TaskValueTaskAndAwaiterMembers_AreNeverReported()
    {
        await InClass(
            """
                async Task<int> M(Task task, Task<int> typed, ValueTask<int> value, Task[] tasks, CancellationToken ct)
                {
                    await Task.Yield();
                    task.Wait();
                    task.Wait(ct);
                    typed.Wait(ct);
                    _ = typed.Result;
                    Task.WaitAll(tasks);
                    _ = Task.WaitAny(tasks);
                    value.AsTask().Wait();
                    _ = value.Result;
                    task.GetAwaiter().GetResult();
                    task.ConfigureAwait(false).GetAwaiter().GetResult();
                    return typed.GetAwaiter().GetResult() + value.GetAwaiter().GetResult();
                }
            """);
    }

    [Fact]
    public async Task TaskValueTaskAndAwaiterMembers_LeaveOtherCallsReported()
    {
        // The same method with a real blocking call beside the task members: that one is still reported.
        await InClass(
            """
                async Task M(Task task, Stream stream)
                {
                    await Task.Yield();
                    task.Wait();
                    stream.[|Flush|]();
                }
            """);
    }

    [Fact]
    public async Task DualPathAndTaskMembers_AreNotReported_SoNoFixIsOffered()
    {
        // The "Use WaitAsync" fix for task.Wait() did not compile (BG0101 owns the call); the dual path is deliberate.
        const string source = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task<string> M(Task task, StreamReader reader, bool isAsync, CancellationToken ct)
                {
                    task.Wait();
                    task.Wait(ct);
                    return isAsync ? await reader.ReadToEndAsync(ct) : reader.ReadToEnd();
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source);
    }

    // ---- Dispose/Close after the object is closed ----

    [Fact]
    public async Task DisposeOrCloseAfterClosing_IsNotReported()
    {
        await InClass(
            """
                async Task M(Stream stream, DbDataReader reader, DbConnection connection, FileStream file)
                {
                    await stream.DisposeAsync();
                    stream.Dispose();
                    reader.[|Close|]();
                    reader.Dispose();
                    await connection.CloseAsync();
                    connection.Close();
                    file.Close();
                    file.Dispose();
                }
            """);
    }

    [Fact]
    public async Task DisposeOrClose_OnAnotherReceiverOrFirst_IsReported()
    {
        await InClass(
            """
                private Stream _other = Stream.Null;
                async Task M(Stream stream, FileStream file, DbDataReader reader)
                {
                    await Task.Yield();
                    stream.[|Dispose|]();
                    file.Close();
                    _other.[|Dispose|]();
                    reader.[|Dispose|]();
                    await reader.CloseAsync();
                }
            """);
    }

    // ---- Span overloads whose siblings take Memory ----

    [Fact]
    public async Task SpanOverloads_AreReportedAgainstTheirMemorySiblings()
    {
        await InClass(
            """
                async Task<int> M(FileStream fs, byte[] bytes, TextWriter writer, char[] chars, ArraySegment<byte> segment)
                {
                    await Task.Yield();
                    fs.{|#0:Write|}(bytes);
                    fs.[|Write|](segment);
                    fs.[|Write|](bytes.AsSpan(1));
                    writer.[|Write|](chars.AsSpan());
                    return fs.{|#1:Read|}(bytes);
                }
            """,
            Verify.Diagnostic("BG0102").WithLocation(0).WithArguments("Write", "WriteAsync"),
            Verify.Diagnostic("BG0102").WithLocation(1).WithArguments("Read", "ReadAsync"));
    }

    [Fact]
    public async Task HalfTypedCode_InTheNewShapes_DoesNotThrow()
    {
        // Unfinished conditions, branches, receivers and arguments: nothing throws; an unbound awaited call or creation is no
        // evidence of a dual path or an in-memory reader, so the call next to it stays reported.
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    async Task M(Stream x, bool isAsync, CancellationTokenSource cts, byte[] bytes)
                    {
                        if (isAsync) { await x.FlushAsync(); } else { x.Flush(; }
                        if (unknown) { await x.FlushAsync(); } else { x.Flush(); }
                        _ = isAsync ? await missing.ReadToEndAsync() : new StreamReader(nothing).[|ReadToEnd|]();
                        using var r = new StreamReader(new MemoryStream(), );
                        _ = r.[|ReadToEnd|]();
                        undefined.Close();
                        undefined.Dispose();
                        await x.WriteAsync(bytes, );
                        x.Write(bytes.AsSpan(), );
                        cts.Cancel(;
                        new FileStream("p", FileMode.Open).[|Flush|]();
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }
}

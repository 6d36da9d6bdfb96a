using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.FixSafety;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static BadGateway.Analyzers.Tests.Verifiers.BG0101Fix;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Rules;

/// <summary>
/// BG0101, issue #15: a wait in the selector of a Select (or the select clause of a query) materialised at once by
/// ToList/ToArray in async code gets "Use await" as a loop that awaits each element in turn
/// (AsyncConversion.SelectLoop.cs).
/// </summary>
public class BG0101SelectLoopFixTests
{
    private static string InClass(string members) => $$"""
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        class Lookup
        {
            private static Task<string> NameAsync(int id) => Task.FromResult(id.ToString());

        {{members}}
        }
        """;

    // ---- The two cases of the issue ----

    [Fact]
    public async Task Select_ReturnedAsList_BecomesALoop_NamedAfterTheMethod_CommentsKept()
    {
        await UseAwaitAsync(
            InClass("""
                public async Task<List<string>> NamesAsync(int[] ids)
                {
                    await Task.Yield();
                    // one name per id
                    return ids.Select(id => NameAsync(id).[|Result|]).ToList(); // in order
                }
            """),
            InClass("""
                public async Task<List<string>> NamesAsync(int[] ids)
                {
                    await Task.Yield();
                    // one name per id
                    var names = new List<string>();
                    foreach (var id in ids)
                    {
                        names.Add(await NameAsync(id));
                    }
                    return names; // in order
                }
            """));
    }

    [Fact]
    public async Task Query_ReturnedAsList_BecomesALoop()
    {
        await UseAwaitAsync(
            InClass("""
                public async Task<List<string>> NamesAsync(int[] ids)
                {
                    await Task.Yield();
                    return (from id in ids select NameAsync(id).[|Result|]).ToList();
                }
            """),
            InClass("""
                public async Task<List<string>> NamesAsync(int[] ids)
                {
                    await Task.Yield();
                    var names = new List<string>();
                    foreach (var id in ids)
                    {
                        names.Add(await NameAsync(id));
                    }
                    return names;
                }
            """));
    }
    // ---- More shapes ----

    [Fact]
    public async Task DeclaredLocal_ToList_FillsTheLocal_ToArray_BuildsResultsThenArray()
    {
        await UseAwaitAsync(
            InClass("""
                public async Task<int> CountAsync(int[] ids, IEnumerable<int> more)
                {
                    var names = ids.Select(id => NameAsync(id).[|Result|]).ToList();
                    var others = (from m in more select NameAsync(m + 1).[|Result|]).ToArray();
                    return names.Count + others.Length;
                }
            """),
            InClass("""
                public async Task<int> CountAsync(int[] ids, IEnumerable<int> more)
                {
                    var names = new List<string>();
                    foreach (var id in ids)
                    {
                        names.Add(await NameAsync(id));
                    }
                    var results = new List<string>();
                    foreach (var m in more)
                    {
                        results.Add(await NameAsync(m + 1));
                    }
                    var others = results.ToArray();
                    return names.Count + others.Length;
                }
            """));
    }

    [Fact]
    public async Task Assignment_ToAFieldAfterTheLoop_TwoWaitsInOneSelector_GetResultAndParenthesizedLambda()
    {
        await UseAwaitAsync(
            InClass("""
                private string[] _labels = new string[0];

                public async Task RefreshAsync(List<int> ids)
                {
                    await Task.Yield();
                    _labels = ids.Select((id) => NameAsync(id).[|Result|] + NameAsync(-id).GetAwaiter().[|GetResult|]()).ToArray();
                }
            """),
            InClass("""
                private string[] _labels = new string[0];

                public async Task RefreshAsync(List<int> ids)
                {
                    await Task.Yield();
                    var labels = new List<string>();
                    foreach (var id in ids)
                    {
                        labels.Add(await NameAsync(id) + await NameAsync(-id));
                    }
                    _labels = labels.ToArray();
                }
            """));
    }

    [Fact]
    public async Task InAnAsyncLambdaAndALocalFunction_NamesFreeInTheMember()
    {
        await UseAwaitAsync(
            InClass("""
                public async Task<int> RunAsync(int[] ids, List<string> results)
                {
                    System.Func<Task<List<string>>> all = async () =>
                    {
                        await Task.Yield();
                        return ids.Select(id => NameAsync(id).[|Result|]).ToList();
                    };
                    async Task<string[]> LabelsAsync()
                    {
                        await Task.Yield();
                        return ids.Select(i => NameAsync(i).[|Result|].Trim()).ToArray();
                    }
                    return (await all()).Count + (await LabelsAsync()).Length + results.Count;
                }
            """),
            InClass("""
                public async Task<int> RunAsync(int[] ids, List<string> results)
                {
                    System.Func<Task<List<string>>> all = async () =>
                    {
                        await Task.Yield();
                        var results2 = new List<string>();
                        foreach (var id in ids)
                        {
                            results2.Add(await NameAsync(id));
                        }
                        return results2;
                    };
                    async Task<string[]> LabelsAsync()
                    {
                        await Task.Yield();
                        var labels = new List<string>();
                        foreach (var i in ids)
                        {
                            labels.Add((await NameAsync(i)).Trim());
                        }
                        return labels.ToArray();
                    }
                    return (await all()).Count + (await LabelsAsync()).Length + results.Count;
                }
            """));
    }

    [Fact]
    public async Task FixAll_SeveralInOneMethod_GetDistinctNames()
    {
        await new VerifyCS.Test
        {
            TestCode = InClass("""
                public async Task<List<string>> NamesAsync(int[] ids, bool twice)
                {
                    await Task.Yield();
                    if (twice)
                    {
                        return ids.Select(id => NameAsync(id).[|Result|] + "!").ToList();
                    }
                    return ids.Select(id => NameAsync(id).[|Result|]).ToList();
                }
            """),
            FixedCode = InClass("""
                public async Task<List<string>> NamesAsync(int[] ids, bool twice)
                {
                    await Task.Yield();
                    if (twice)
                    {
                        var names = new List<string>();
                        foreach (var id in ids)
                        {
                            names.Add(await NameAsync(id) + "!");
                        }
                        return names;
                    }
                    var results = new List<string>();
                    foreach (var id in ids)
                    {
                        results.Add(await NameAsync(id));
                    }
                    return results;
                }
            """),
            CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey,
            NumberOfFixAllIterations = 1,
        }.RunAsync();
    }

    [Fact]
    public async Task ElementTypeIsTheSelectorsResult_NullableAndTuple()
    {
        await UseAwaitAsync(
            """
            #nullable enable
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            class C
            {
                static Task<string?> Find(int id) => Task.FromResult<string?>(null);

                async Task<List<(int Id, string? Name)>> PairsAsync(IEnumerable<int> ids)
                {
                    await Task.Yield();
                    return ids.Select(id => (id, Find(id).[|Result|])).ToList();
                }
            }
            """,
            """
            #nullable enable
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            class C
            {
                static Task<string?> Find(int id) => Task.FromResult<string?>(null);

                async Task<List<(int Id, string? Name)>> PairsAsync(IEnumerable<int> ids)
                {
                    await Task.Yield();
                    var pairs = new List<(int id, string? Result)>();
                    foreach (var id in ids)
                    {
                        pairs.Add((id, await Find(id)));
                    }
                    return pairs;
                }
            }
            """);
    }

    // ---- Not offered ----

    [Theory]
    [InlineData("return ids.Select(id => NameAsync(id).[|Result|]).Sum(n => n.Length);")]
    [InlineData("return ids.Select((id, index) => NameAsync(id + index).[|Result|]).Count();")]
    [InlineData("var list = ids.Select((id, index) => NameAsync(id + index).[|Result|]).ToList(); return list.Count;")]
    [InlineData("var list = ids.Select(id => { return NameAsync(id).[|Result|]; }).ToList(); return list.Count;")]
    [InlineData("var list = ids.AsParallel().Select(id => NameAsync(id).[|Result|]).ToList(); return list.Count;")]
    [InlineData("var list = (from id in ids where id > 0 select NameAsync(id).[|Result|]).ToList(); return list.Count;")]
    [InlineData("var list = (from int id in ids select NameAsync(id).[|Result|]).ToList(); return list.Count;")]
    [InlineData("var list = ids.Select(id => new { Name = NameAsync(id).[|Result|] }).ToList(); return list.Count;")]
    [InlineData("var list = ids.Select(id => NameAsync(id).[|Result|]).ToList().Count; return list;")]
    [InlineData("System.Console.WriteLine(ids.Select(id => NameAsync(id).[|Result|]).ToList()); return 0;")]
    [InlineData("var list = ids.Select(id => NameAsync(id).[|Result|]) /* all of them */ .ToList(); return list.Count;")]
    [InlineData("lock (ids) { var list = ids.Select(id => NameAsync(id).[|Result|]).ToList(); return list.Count; }")]
    public async Task OtherShapes_HaveNoFix(string statements)
    {
        await NoFixAsync(InClass($$"""
                public async Task<int> CountAsync(int[] ids)
                {
                    await Task.Yield();
                    {{statements}}
                }
            """));
    }

    [Fact]
    public async Task InASynchronousMethod_HasNoFix()
    {
        await NoFixAsync(InClass("""
                public List<string> Names(int[] ids)
                {
                    return ids.Select(id => NameAsync(id).[|Result|]).ToList();
                }
            """));
    }

    [Fact]
    public async Task AForeachOverTheSourceWouldTypeItsVariableDifferently_HasNoFix()
    {
        // Select<object, string> over a string[]: 'foreach (var s in words)' would give s the type string, and
        // Describe(s) another overload.
        await NoFixAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            class C
            {
                static Task<string> Describe(object o) => Task.FromResult("object");
                static Task<string> Describe(string s) => Task.FromResult("string");

                async Task<List<string>> AllAsync(string[] words)
                {
                    await Task.Yield();
                    return words.Select((object s) => Describe(s).[|Result|]).ToList();
                }
            }
            """);
    }

    [Fact]
    public async Task HalfTypedCode_DoesNotThrow()
    {
        await new VerifyCS.Test
        {
            TestCode = InClass("""
                public async Task<List<string>> NamesAsync(int[] ids)
                {
                    await Task.Yield();
                    return ids.Select(id => NameAsync(id).[|Result|]).ToList(1);
                }
            """),
            FixedCode = InClass("""
                public async Task<List<string>> NamesAsync(int[] ids)
                {
                    await Task.Yield();
                    return ids.Select(id => NameAsync(id).[|Result|]).ToList(1);
                }
            """),
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync();
    }

    // ---- Every target framework ----

    [Fact]
    public async Task OnNet8AndNet472_TheLoopIsOfferedAndCompilesInBoth()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            public class Lookup
            {
                private static Task<string> NameAsync(int id) => Task.FromResult(id.ToString());

                public async Task<string[]> NamesAsync(int[] ids)
                {
                    await Task.Yield();
                    return (from id in ids select NameAsync(id).Result).ToArray();
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, MultiTargetProject.Net80, MultiTargetProject.Net472);
        var fixes = await project.FixesAsync(Assert.Single(await project.DiagnosticsAsync("BG0101")));
        var (title, text) = Assert.Single(fixes);
        Assert.Equal("Use await", title);
        Assert.Contains("names.Add(await NameAsync(id));", text);
        Assert.Contains("return names.ToArray();", text);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }
}

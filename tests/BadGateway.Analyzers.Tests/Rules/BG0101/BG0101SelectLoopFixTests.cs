using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.FixSafety;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
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
    private static Task UseAwaitAsync(string source, string fixedSource, params DiagnosticResult[] remaining)
    {
        var test = new VerifyCS.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = BG0101BlockingWaitCodeFixProvider.UseAwaitKey };
        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        return test.RunAsync();
    }

    private static Task NoFixAsync(string source) =>
        new VerifyCS.Test { TestCode = source, FixedCode = source }.RunAsync();

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
}

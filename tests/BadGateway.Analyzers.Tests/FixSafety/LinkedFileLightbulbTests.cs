using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.FixSafety;

/// <summary>
/// In a file linked into several target frameworks the lightbulb asks each fix's plan in every framework's copy and
/// computes the edit only when the action is applied (issue #16). A copy where the plan fails (the call sits in code
/// only one framework compiles, or its framework lacks what the fix needs) sends the fix back to the computed form,
/// which still offers it when its result compiles everywhere.
/// </summary>
public class LinkedFileLightbulbTests
{
    private static readonly MultiTargetProject.Target Net80 = MultiTargetProject.Net80;
    private static readonly MultiTargetProject.Target NetStandard20 = MultiTargetProject.NetStandard20;

    [Fact]
    public async Task BG0102_CallInCodeOnlyOneTargetCompiles_IsStillFixed()
    {
        // netstandard2.0's copy has no call at all (inactive code there): its plan fails, the computed fix compiles on both.
        const string source = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class Log
            {
                public async Task WriteAsync(TextWriter writer, string line, CancellationToken cancellationToken)
                {
                    await writer.WriteLineAsync(line);
            #if NET8_0_OR_GREATER
                    writer.Flush();
            #endif
                }
            }
            """;
        var text = await SingleFixCompilingEverywhereAsync(source, "BG0102", "Use FlushAsync");
        Assert.Contains("await writer.FlushAsync(cancellationToken);", text, System.StringComparison.Ordinal);
        Assert.Contains("#if NET8_0_OR_GREATER", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task BG0101_UseAwaitInCodeOnlyOneTargetCompiles_IsStillFixed()
    {
        const string source = """
            using System.Threading.Tasks;

            public class Prices
            {
                public async Task<int> TotalAsync(Task<int> first)
                {
                    await Task.Yield();
            #if NET8_0_OR_GREATER
                    return first.Result + 1;
            #else
                    return 1;
            #endif
                }
            }
            """;
        var text = await SingleFixCompilingEverywhereAsync(source, "BG0101", "Use await");
        Assert.Contains("return await first + 1;", text, System.StringComparison.Ordinal);
        Assert.Contains("return 1;", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task BG0101_UseAwaitInTheBranchAnotherTargetLeavesOut_IsFixedOnlyThere()
    {
        // elastic-transport-net's shape: the sync path of an async method waits only where the framework lacks the sync
        // API; net8.0's copy has Send in that place, and its compile is untouched by the fix.
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Invoker
            {
                public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, bool isAsync)
                {
                    if (isAsync)
                    {
                        return await client.SendAsync(request).ConfigureAwait(false);
                    }

            #if NET8_0_OR_GREATER
                    return client.Send(request);
            #else
                    return client.SendAsync(request).GetAwaiter().GetResult();
            #endif
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        Assert.Empty(await project.DiagnosticsAsync("BG0101", target: 0));
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0101", target: 1));
        var (title, text) = Assert.Single(await project.FixesAsync(diagnostic, target: 1));
        Assert.Equal("Use await", title);
        Assert.Contains("return await client.SendAsync(request).ConfigureAwait(false);\n#endif", text.Replace("\r\n", "\n"), System.StringComparison.Ordinal);
        Assert.Contains("return client.Send(request);", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    /// <summary>The one fix offered for the one <paramref name="id"/> report on net8.0 + netstandard2.0, which compiles on both.</summary>
    private static async Task<string> SingleFixCompilingEverywhereAsync(string source, string id, string expectedTitle)
    {
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync(id));
        var (title, text) = Assert.Single(await project.FixesAsync(diagnostic));
        Assert.Equal(expectedTitle, title);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
        return text;
    }

    [Fact]
    public async Task BG0101_MakeAsync_PlannedInEveryCopy_IsOfferedAndCompilesEverywhere()
    {
        const string source = """
            using System.Threading.Tasks;

            public class Prices
            {
                private async Task<int> FetchAsync() { await Task.Delay(1); return 1; }

                private int Compute() => FetchAsync().Result;

                public async Task<int> TotalAsync()
                {
                    await Task.Yield();
                    return Compute() + 1;
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0101"));
        var fixes = await project.FixesAsync(diagnostic);
        var (_, text) = Assert.Single(fixes, f => f.Title == "Make 'Compute' async and update callers");
        Assert.Contains("private async Task<int> Compute", text, System.StringComparison.Ordinal);
        Assert.Contains("return await Compute", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));

        // Every action offered in the linked file changes it: the lazy form promises nothing it cannot do.
        var original = (await project.DocumentIn(0).GetTextAsync()).ToString();
        Assert.All(fixes, f => Assert.NotEqual(original, f.Text));
    }

    [Fact]
    public async Task BG0101_MakeAsyncInCodeOnlyOneTargetCompiles_IsStillFixed()
    {
        // The copies' plans disagree (netstandard2.0 has no wait there): Make async is computed and offered as before.
        const string source = """
            using System.Threading.Tasks;

            public class Prices
            {
                private async Task<int> FetchAsync() { await Task.Delay(1); return 1; }

                private int Compute()
                {
            #if NET8_0_OR_GREATER
                    return FetchAsync().Result;
            #else
                    return 1;
            #endif
                }

                public async Task<int> TotalAsync()
                {
                    await Task.Yield();
                    return Compute() + 1;
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0101"));
        var fixes = await project.FixesAsync(diagnostic);
        Assert.NotEmpty(fixes);
        var original = (await project.DocumentIn(0).GetTextAsync()).ToString();
        foreach (var (_, text) in fixes)
        {
            Assert.NotEqual(original, text);
            Assert.Empty(await project.ErrorsEverywhereAsync(text));
        }
    }
}

using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.FixSafety;

/// <summary>
/// A fix is written into a file every target framework compiles: it is offered only in a form that compiles in each
/// (real code: NBitcoin's FlushAsync(ct) and CancelAsync() on netstandard2.0/net472, elastic's DisposeAsync on
/// netstandard2.0, Flurl's MaxConnectionsPerServer on net461).
/// </summary>
public class EveryTargetFrameworkTests
{
    private static readonly MultiTargetProject.Target Net80 = MultiTargetProject.Net80;
    private static readonly MultiTargetProject.Target NetStandard20 = MultiTargetProject.NetStandard20;

    private const string FlushWithTokenInScope = """
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class Log
        {
            public async Task WriteAsync(TextWriter writer, string line, CancellationToken cancellationToken)
            {
                await writer.WriteLineAsync(line);
                writer.Flush();
            }
        }
        """;

    [Fact]
    public async Task BG0102_OneTarget_PassesTheToken()
    {
        // The control: on .NET 8 alone TextWriter.FlushAsync(CancellationToken) exists and the token in scope is passed.
        var project = await MultiTargetProject.CreateAsync(FlushWithTokenInScope, OutputKind.DynamicallyLinkedLibrary, Net80);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0102"));
        var (_, text) = Assert.Single(await project.FixesAsync(diagnostic));
        Assert.Contains("await writer.FlushAsync(cancellationToken);", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task BG0102_SiblingOverloadMissingOnAnotherTarget_UsesTheFormEveryTargetHas()
    {
        // netstandard2.0 has TextWriter.FlushAsync() only: the fix leaves the token out, and compiles on both.
        var project = await MultiTargetProject.CreateAsync(FlushWithTokenInScope, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0102"));
        var (_, text) = Assert.Single(await project.FixesAsync(diagnostic));
        Assert.Contains("await writer.FlushAsync();", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    [Fact]
    public async Task BG0102_SiblingMissingOnAnotherTarget_NoFix()
    {
        // Stream.DisposeAsync does not exist on netstandard2.0: no form compiles on both, so nothing is offered.
        const string source = """
            using System.IO;
            using System.Threading.Tasks;

            public class Copier
            {
                public async Task CopyAsync(Stream source, Stream destination)
                {
                    await source.CopyToAsync(destination);
                    source.Dispose();
                }
            }
            """;
        var single = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80);
        Assert.Single(await single.FixesAsync(Assert.Single(await single.DiagnosticsAsync("BG0102"))));

        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0102"));
        Assert.Empty(await project.FixesAsync(diagnostic));
    }

    [Fact]
    public async Task BG0102_FixAllOverEveryTarget_FixesEachCallOnce_InAFormEveryTargetCompiles()
    {
        // dotnet format: the diagnostics of both target frameworks in one Fix All. Each call is fixed once, the copies
        // agree (no merge-conflict markers), the Dispose that netstandard2.0 cannot await stays, and both targets compile.
        const string source = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class Store
            {
                public async Task<string> LoadAsync(string path, Stream extra, TextWriter writer, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    using var reader = new StreamReader(path);
                    var text = reader.ReadToEnd();
                    writer.Flush();
                    extra.Dispose();
                    return text;
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var text = await project.FixAllAsync("BG0102", BG0102SyncCallInAsyncCodeCodeFixProvider.EquivalenceKey);

        Assert.Contains("var text = await reader.ReadToEndAsync();", text, System.StringComparison.Ordinal);
        Assert.Equal(1, text.Split("ReadToEndAsync").Length - 1);
        Assert.Contains("await writer.FlushAsync();", text, System.StringComparison.Ordinal);
        Assert.Contains("extra.Dispose();", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }

    [Fact]
    public async Task BG0101_UseAwait_ValidOnEveryTarget_IsOffered()
    {
        const string source = """
            using System.Threading.Tasks;

            public class Prices
            {
                public async Task<int> TotalAsync(Task<int> first)
                {
                    await Task.Yield();
                    return first.Result + 1;
                }
            }
            """;
        var project = await MultiTargetProject.CreateAsync(source, OutputKind.DynamicallyLinkedLibrary, Net80, NetStandard20);
        var diagnostic = Assert.Single(await project.DiagnosticsAsync("BG0101"));
        var (title, text) = Assert.Single(await project.FixesAsync(diagnostic));
        Assert.Equal("Use await", title);
        Assert.Contains("return await first + 1;", text, System.StringComparison.Ordinal);
        Assert.Empty(await project.ErrorsEverywhereAsync(text));
    }
}

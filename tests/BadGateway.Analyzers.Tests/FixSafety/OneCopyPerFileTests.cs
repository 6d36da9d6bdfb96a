using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using BadGateway.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.FixSafety;

/// <summary>
/// Found on elastic-transport-net (five target frameworks): the same <c>dotnet format analyzers</c> command fixed
/// different BG0102 sites from one run to the next, and never a call under <c>#if NET8_0_OR_GREATER</c> in a file whose
/// other calls were fixed in a netstandard copy. A Fix All over every framework fixes each file in one copy, never moves a
/// call into a copy that leaves it out, and does not depend on the order the diagnostics come in.
/// </summary>
public class OneCopyPerFileTests
{
    // The ReadExactly call is compiled for net8.0 only; Read is compiled everywhere.
    private const string Reader = """
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class Reader
        {
            public async Task<int> ReadAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
            {
                await Task.Yield();
                #if NET8_0_OR_GREATER
                stream.ReadExactly(buffer, 0, buffer.Length);
                #endif
                return stream.Read(buffer, 0, buffer.Length);
            }
        }
        """;

    // stream.Flush is compiled for netstandard2.0 only; writer.Flush everywhere, and its net8.0 form,
    // FlushAsync(cancellationToken), does not compile for netstandard2.0: this file must be fixed in its netstandard copy.
    private const string Writer = """
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class Writer
        {
            public async Task CloseAsync(Stream stream, TextWriter writer, CancellationToken cancellationToken)
            {
                await Task.Yield();
                #if !NET8_0_OR_GREATER
                stream.Flush();
                #endif
                writer.Flush();
            }
        }
        """;

    [Fact]
    public async Task FixAllOverEveryTarget_FixesEveryCall_EachFileInACopyThatCompilesIt()
    {
        var (solution, changed) = await FixAllAsync(reversed: false);

        var reader = await TextAsync(changed, "Reader.cs");
        var writer = await TextAsync(changed, "Writer.cs");
        Assert.Contains("await stream.ReadExactlyAsync(buffer, 0, buffer.Length, cancellationToken);", reader, System.StringComparison.Ordinal);
        Assert.Contains("return await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken);", reader, System.StringComparison.Ordinal);
        Assert.Contains("await stream.FlushAsync(cancellationToken);", writer, System.StringComparison.Ordinal);
        Assert.Contains("await writer.FlushAsync();", writer, System.StringComparison.Ordinal);
        Assert.Empty(await ErrorsAsync(changed));
        Assert.NotSame(solution, changed);
    }

    [Fact]
    public async Task FixAllOverEveryTarget_DoesNotDependOnTheOrderOfTheDiagnostics()
    {
        var (_, forward) = await FixAllAsync(reversed: false);
        var (_, backward) = await FixAllAsync(reversed: true);

        foreach (var name in new[] { "Reader.cs", "Writer.cs" })
        {
            Assert.Equal(await TextAsync(forward, name), await TextAsync(backward, name));
        }
    }

    private static async Task<(Solution Before, Solution After)> FixAllAsync(bool reversed)
    {
        var (solution, projects) = await MultiTargetProject.CreateSolutionAsync(
            new[] { ("Reader.cs", Reader), ("Writer.cs", Writer) },
            OutputKind.DynamicallyLinkedLibrary,
            MultiTargetProject.Net80,
            MultiTargetProject.NetStandard20);
        var diagnostics = new List<Diagnostic>();
        foreach (var project in projects)
        {
            var (found, exceptions) = await AnalyzerHarness.AnalyzeAsync(solution.GetProject(project)!);
            Assert.Empty(exceptions);
            diagnostics.AddRange(found.Where(d => d.Id == DiagnosticIds.SyncCallInAsyncCode));
        }

        // Each call is reported in the copies that compile it: ReadExactly in net8.0, stream.Flush in netstandard2.0.
        Assert.Equal(6, diagnostics.Count);
        if (reversed)
        {
            diagnostics.Reverse();
        }

        var fix = AnalyzerHarness.Fixes.Single(f => f.FixableDiagnosticIds.Contains(DiagnosticIds.SyncCallInAsyncCode));
        var changed = await AnalyzerHarness.FixAllInSolutionAsync(solution, fix, DiagnosticIds.SyncCallInAsyncCode, BG0102SyncCallInAsyncCodeCodeFixProvider.EquivalenceKey, diagnostics.ToImmutableArray());
        return (solution, changed);
    }

    /// <summary>The file's text, the same in every copy (the copies of a changed file must agree).</summary>
    private static async Task<string> TextAsync(Solution solution, string name)
    {
        var texts = new HashSet<string>();
        foreach (var document in solution.Projects.SelectMany(p => p.Documents).Where(d => d.Name == name))
        {
            texts.Add((await document.GetTextAsync()).ToString());
        }

        return Assert.Single(texts);
    }

    private static async Task<List<string>> ErrorsAsync(Solution solution)
    {
        var errors = new List<string>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync())!;
            errors.AddRange(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{project.Name}: {d}"));
        }

        return errors;
    }
}

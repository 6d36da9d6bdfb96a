using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Rules;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = BadGateway.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    BadGateway.Analyzers.Rules.BG0101BlockingWaitAnalyzer,
    BadGateway.Analyzers.CodeFixes.Rules.BG0101BlockingWaitCodeFixProvider>;

namespace BadGateway.Analyzers.Tests.Verifiers;

/// <summary>The BG0101 fix tests' common checks: one action's exact output (and Fix All's), or no action at all.</summary>
internal static class BG0101Fix
{
    /// <summary>
    /// The action with <paramref name="equivalenceKey"/> (any action where null) turns <paramref name="source"/> into <paramref name="fixedSource"/>,
    /// alone and through Fix All, leaving only <paramref name="remaining"/>.
    /// </summary>
    public static Task VerifyAsync(string source, string fixedSource, string? equivalenceKey, ReferenceAssemblies? references = null, params DiagnosticResult[] remaining)
    {
        var test = new VerifyCS.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        if (references is not null)
        {
            test.ReferenceAssemblies = references;
        }

        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        return test.RunAsync();
    }

    /// <summary>"Use await" turns <paramref name="source"/> into <paramref name="fixedSource"/>, leaving only <paramref name="remaining"/>.</summary>
    public static Task UseAwaitAsync(string source, string fixedSource, params DiagnosticResult[] remaining) =>
        VerifyAsync(source, fixedSource, BG0101BlockingWaitCodeFixProvider.UseAwaitKey, null, remaining);

    /// <summary>Every report of <paramref name="source"/> stays, and no action is offered for any.</summary>
    public static Task NoFixAsync(string source, ReferenceAssemblies? references = null) =>
        VerifyAsync(source, source, equivalenceKey: null, references);
}

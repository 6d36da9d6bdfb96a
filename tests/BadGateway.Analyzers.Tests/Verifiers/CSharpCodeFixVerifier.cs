using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace BadGateway.Analyzers.Tests.Verifiers;

/// <summary>Checks an analyzer and its fix: <c>await VerifyCS.VerifyCodeFixAsync(source, fixedSource)</c>.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string diagnosticId) =>
        CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(diagnosticId);

    /// <summary>An expected diagnostic of one descriptor: for rules with several messages under one id.</summary>
    public static DiagnosticResult Diagnostic(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor) =>
        CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyCodeFixAsync(source, expected, source);

    public static Task VerifyCodeFixAsync(string source, string fixedSource) =>
        VerifyCodeFixAsync(source, DiagnosticResult.EmptyDiagnosticResults, fixedSource);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult expected, string fixedSource) =>
        VerifyCodeFixAsync(source, new[] { expected }, fixedSource);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = ReferenceAssemblyPresets.Net80;

            // Markup without an id ([|...|]) stands for the analyzer's first descriptor; rules with several
            // messages under one id check the message with Diagnostic(descriptor) where it matters.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
        }

        /// <summary>Adds an .editorconfig with the given lines under <c>[*.cs]</c>.</summary>
        public Test WithEditorConfig(params string[] lines)
        {
            var text = "root = true\n\n[*.cs]\n" + string.Join("\n", lines) + "\n";
            TestState.AnalyzerConfigFiles.Add(("/.editorconfig", text));
            return this;
        }
    }
}

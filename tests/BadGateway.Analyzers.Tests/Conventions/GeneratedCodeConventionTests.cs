using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace BadGateway.Analyzers.Tests.Conventions;

/// <summary>
/// The analyzers let the driver run them on generated code and skip it themselves (see <c>HandWrittenCode</c>):
/// that holds only if every analyzer configures those flags and registers its actions through the skipping helpers.
/// The behaviour itself is tested in GeneratedCodeTests.
/// </summary>
public class GeneratedCodeConventionTests
{
    private static readonly string AnalyzerSources = Path.Combine(RuleCatalog.RepositoryRoot, "src", "BadGateway.Analyzers");

    [Fact]
    public void EveryAnalyzer_ConfiguresTheHandWrittenCodeFlags()
    {
        var analyzers = Directory.GetFiles(Path.Combine(AnalyzerSources, "Rules"), "*Analyzer.cs", SearchOption.AllDirectories);
        Assert.Equal(RuleCatalog.AnalyzerTypes.Length, analyzers.Length);
        var offenders = analyzers
            .Where(file => !File.ReadAllText(file).Contains("context.ConfigureGeneratedCodeAnalysis(HandWrittenCode.AnalysisFlags);", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();
        Assert.True(offenders.Count == 0, "Not configured with HandWrittenCode.AnalysisFlags: " + string.Join(", ", offenders));
    }

    [Fact]
    public void NoAction_IsRegisteredAroundTheGeneratedCodeSkip()
    {
        // Actions that see code must come from HandWrittenCode; compilation start and end actions see none.
        var direct = new Regex(@"\.Register(Operation|OperationBlock|OperationBlockStart|SyntaxNode|SyntaxTree|SemanticModel|Symbol|SymbolStart|CodeBlock|CodeBlockStart)Action\(", RegexOptions.CultureInvariant);
        var offenders = Directory.GetFiles(AnalyzerSources, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(file) != "HandWrittenCode.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetFileName(file), Line: i + 1, Text: line)))
            .Where(l => direct.IsMatch(l.Text))
            .Select(l => $"{l.File}({l.Line}): {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "Register through HandWrittenCode instead:\n" + string.Join("\n", offenders));
    }
}

using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Where a fix may write a connection limit (BG0301, BG0302). In an executable the rule's default is a starting point
/// the app owns; in a library it would be a made-up number in code everyone uses, so a fix writes one there only when
/// the project chose it in <c>.editorconfig</c>.
/// </summary>
internal static class ChosenNumbers
{
    public static bool MayWrite(Document document, SyntaxTree tree, string optionKey) =>
        document.Project.CompilationOptions is { } compilationOptions
        && (ProjectKind.IsExecutable(compilationOptions)
            || RuleOptions.IsSet(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree), optionKey));
}

using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Infrastructure;

internal static class DisplayText
{
    private const int MaxLength = 80;

    /// <summary>The source text of a node on one line, shortened for a diagnostic message.</summary>
    public static string Of(SyntaxNode node)
    {
        var text = string.Join(" ", node.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= MaxLength ? text : text.Substring(0, MaxLength - 1) + "…";
    }
}

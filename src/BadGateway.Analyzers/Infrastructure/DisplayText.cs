using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Infrastructure;

internal static class DisplayText
{
    private const int MaxLength = 80;

    // Source characters read first for a long node: whitespace collapses, so this nearly always yields the 80 shown.
    private const int HeadLength = 4 * MaxLength;

    /// <summary>
    /// The source text of a node on one line (every run of whitespace as one space), shortened to 80 characters for a
    /// diagnostic message. Read from the tree's text when it has one (a substring, where <see cref="SyntaxNode.ToString"/>
    /// writes out every token), and only the head of a long node; a long lambda costs no more than a call.
    /// </summary>
    public static string Of(SyntaxNode node)
    {
        if (!node.SyntaxTree.TryGetText(out var text))
        {
            return Collapse(node.ToString());
        }

        var span = node.Span;
        if (span.Length > HeadLength)
        {
            var head = Collapse(text.ToString(new TextSpan(span.Start, HeadLength)));
            if (head.Length == MaxLength)
            {
                return head;
            }
        }

        return Collapse(text.ToString(span));
    }

    /// <summary>Every run of whitespace as one space, without leading or trailing space, cut to 79 characters and "…".</summary>
    private static string Collapse(string text)
    {
        var line = new StringBuilder(text.Length < MaxLength ? text.Length : MaxLength + 1);
        var space = false;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                space = line.Length > 0;
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(c);
            if (line.Length > MaxLength)
            {
                return line.ToString(0, MaxLength - 1) + "…";
            }
        }

        return line.ToString();
    }
}

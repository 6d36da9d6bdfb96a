using System.Text;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Infrastructure;

internal static class DisplayText
{
    private const int MaxLength = 80;

    /// <summary>
    /// The source text of a node on one line (every run of whitespace as one space), shortened to 80 characters for a
    /// diagnostic message; one pass that stops once the message is long enough, so a long lambda costs no more than a call.
    /// </summary>
    public static string Of(SyntaxNode node)
    {
        var text = node.ToString();
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

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Fuzz;

/// <summary>
/// Broken variants of one source, the way an editor sees code while it is typed: cut at a token, a token or line deleted
/// or duplicated, two tokens swapped, braces and parentheses unbalanced, <c>?.</c>, <c>await</c>, <c>async</c>,
/// <c>=&gt;</c>, <c>.Result</c> or <c>new HttpClient(</c> typed in. The source is parsed once; each variant is a pure
/// function of the random numbers it is given, so a seed reproduces it.
/// </summary>
public sealed class Mutator
{
    private static readonly string[] Typed =
    {
        "await ", "async ", "=> ", ".Result", "new HttpClient(", "?.", ".Wait()", ".GetAwaiter().GetResult()", "Task.WaitAll(",
        "new SocketsHttpHandler { MaxConnectionsPerServer = ", "ServicePointManager.DefaultConnectionLimit = ",
    };

    private readonly string _text;
    private readonly SourceText _sourceText;
    private readonly Token[] _tokens;
    private readonly int[] _braces;
    private readonly int[] _memberAccessDots;
    private readonly int[] _valueEnds;

    public Mutator(string text)
    {
        _text = text;
        _sourceText = SourceText.From(text);
        var all = CSharpSyntaxTree.ParseText(_sourceText).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        _tokens = all.Select(t => new Token(t.SpanStart, t.Span.Length)).ToArray();
        _braces = Indexes(all, t => t.IsKind(SyntaxKind.OpenBraceToken) || t.IsKind(SyntaxKind.CloseBraceToken) || t.IsKind(SyntaxKind.OpenParenToken) || t.IsKind(SyntaxKind.CloseParenToken));
        _memberAccessDots = Indexes(all, t => t.IsKind(SyntaxKind.DotToken) && t.Parent is MemberAccessExpressionSyntax);

        // Where '.Result' and '.Wait()' make sense: after an identifier or a closing parenthesis.
        _valueEnds = Indexes(all, t => t.IsKind(SyntaxKind.IdentifierToken) || t.IsKind(SyntaxKind.CloseParenToken));
    }

    public bool IsEmpty => _tokens.Length == 0;

    /// <summary>One broken variant: one to three edits at once, or a cut.</summary>
    public (string Description, string Text) Next(Random random)
    {
        if (IsEmpty)
        {
            return ("empty source", _text);
        }

        if (random.Next(8) == 0)
        {
            var cut = _tokens[random.Next(_tokens.Length)];
            return ($"cut before the token at {cut.Start}", _text.Substring(0, cut.Start));
        }

        var edits = new List<Edit>();
        var descriptions = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var (description, made) = OneEdit(random);
            if (made.All(e => edits.All(other => !e.Overlaps(other))))
            {
                edits.AddRange(made);
                descriptions.Add(description);
            }
        }

        var text = new StringBuilder(_text);
        foreach (var edit in edits.OrderByDescending(e => e.Start))
        {
            text.Remove(edit.Start, edit.Length).Insert(edit.Start, edit.Replacement);
        }

        return (string.Join("; ", descriptions), text.ToString());
    }

    private (string Description, Edit[] Edits) OneEdit(Random random)
    {
        var token = _tokens[random.Next(_tokens.Length)];
        switch (random.Next(9))
        {
            case 0:
                return ($"token '{TextOf(token)}' at {token.Start} deleted", new[] { new Edit(token.Start, token.Length, string.Empty) });
            case 1:
                return ($"token '{TextOf(token)}' at {token.Start} duplicated", new[] { new Edit(token.Start, 0, TextOf(token) + " ") });
            case 2:
            {
                var line = _sourceText.Lines.GetLineFromPosition(token.Start);
                return ($"line {line.LineNumber + 1} deleted", new[] { new Edit(line.Start, line.SpanIncludingLineBreak.Length, string.Empty) });
            }

            case 3:
            {
                var line = _sourceText.Lines.GetLineFromPosition(token.Start);
                return ($"line {line.LineNumber + 1} duplicated", new[] { new Edit(line.Start, 0, _sourceText.ToString(line.SpanIncludingLineBreak) + (line.EndIncludingLineBreak == line.End ? "\n" : string.Empty)) });
            }

            case 4:
            {
                var other = _tokens[random.Next(_tokens.Length)];
                if (TextOf(other) == TextOf(token) || new Edit(token.Start, token.Length, string.Empty).Overlaps(new Edit(other.Start, other.Length, string.Empty)))
                {
                    return ($"token '{TextOf(token)}' at {token.Start} deleted", new[] { new Edit(token.Start, token.Length, string.Empty) });
                }

                return ($"tokens at {token.Start} and {other.Start} swapped", new[] { new Edit(token.Start, token.Length, TextOf(other)), new Edit(other.Start, other.Length, TextOf(token)) });
            }

            case 5 when _braces.Length > 0:
            {
                var brace = _tokens[_braces[random.Next(_braces.Length)]];
                return random.Next(2) == 0
                    ? ($"'{TextOf(brace)}' at {brace.Start} deleted", new[] { new Edit(brace.Start, brace.Length, string.Empty) })
                    : ($"extra '{TextOf(brace)}' at {brace.Start}", new[] { new Edit(brace.Start, 0, TextOf(brace) + " ") });
            }

            case 6 when _memberAccessDots.Length > 0:
            {
                var dot = _tokens[_memberAccessDots[random.Next(_memberAccessDots.Length)]];
                return ($"'?.' in place of the '.' at {dot.Start}", new[] { new Edit(dot.Start, dot.Length, "?.") });
            }

            case 7 when _valueEnds.Length > 0:
            {
                var end = _tokens[_valueEnds[random.Next(_valueEnds.Length)]];
                var typed = random.Next(3) switch { 0 => ".Result", 1 => ".Wait()", _ => ".GetAwaiter().GetResult()" };
                return ($"'{typed}' typed after the token at {end.Start}", new[] { new Edit(end.Start + end.Length, 0, typed) });
            }

            default:
            {
                var typed = Typed[random.Next(Typed.Length)];
                var at = random.Next(2) == 0 ? token.Start : token.Start + token.Length;
                return ($"'{typed}' typed at {at}", new[] { new Edit(at, 0, typed) });
            }
        }
    }

    private string TextOf(Token token) => _text.Substring(token.Start, token.Length);

    private static int[] Indexes(List<SyntaxToken> tokens, Func<SyntaxToken, bool> predicate) =>
        Enumerable.Range(0, tokens.Count).Where(i => predicate(tokens[i])).ToArray();

    private readonly record struct Token(int Start, int Length);

    private readonly record struct Edit(int Start, int Length, string Replacement)
    {
        /// <summary>Two edits touch the same text, or insert at the same place (their order would then matter).</summary>
        public bool Overlaps(Edit other) =>
            Start < other.Start + Math.Max(other.Length, 1) && other.Start < Start + Math.Max(Length, 1);
    }
}

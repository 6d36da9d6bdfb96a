using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.Tests.Robustness;

/// <summary>Broken variants of a source, the way an editor sees code while it is typed. Deterministic for a seed.</summary>
internal static class Mutations
{
    private static readonly string[] HalfTyped =
    {
        "task.", "task.Res", "client.GetAsync(url).Result.", "new HttpClient(", "new SocketsHttpHandler { MaxConnectionsPerServer = ",
        "Task.WaitAll(", "x.GetAwaiter().GetResult(", "ServicePointManager.DefaultConnectionLimit = ", "await ", "}", "{",
    };

    public static IEnumerable<(string Description, string Text)> Of(string text, int seed, int truncations)
    {
        var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            yield break;
        }

        var random = new Random(seed);

        // Truncated at evenly spaced token positions: the file as it is being written.
        for (var i = 1; i <= truncations; i++)
        {
            var token = tokens[(int)((long)tokens.Count * i / (truncations + 1))];
            yield return ($"truncated before token {token.Text} at {token.SpanStart}", text.Substring(0, token.SpanStart));
        }

        // Random tokens deleted or duplicated.
        for (var i = 0; i < 4; i++)
        {
            var picked = Enumerable.Range(0, 8).Select(_ => tokens[random.Next(tokens.Count)]).OrderByDescending(t => t.SpanStart).Distinct().ToList();
            var deleted = text;
            var duplicated = text;
            foreach (var token in picked)
            {
                deleted = deleted.Remove(token.SpanStart, token.Span.Length);
                duplicated = duplicated.Insert(token.SpanStart, token.Text + " ");
            }

            yield return ($"8 tokens deleted (round {i})", deleted);
            yield return ($"8 tokens duplicated (round {i})", duplicated);
        }

        // Unbalanced braces and missing semicolons.
        var closeBraces = tokens.Where(t => t.IsKind(SyntaxKind.CloseBraceToken)).ToList();
        if (closeBraces.Count > 0)
        {
            var brace = closeBraces[random.Next(closeBraces.Count)];
            yield return ($"close brace at {brace.SpanStart} removed", text.Remove(brace.SpanStart, 1));
            yield return ($"extra open brace at {brace.SpanStart}", text.Insert(brace.SpanStart, "{ "));
        }

        var semicolons = tokens.Where(t => t.IsKind(SyntaxKind.SemicolonToken)).ToList();
        if (semicolons.Count > 0)
        {
            var without = text;
            foreach (var semicolon in semicolons.Where((_, i) => i % 3 == random.Next(3)).OrderByDescending(t => t.SpanStart))
            {
                without = without.Remove(semicolon.SpanStart, 1);
            }

            yield return ("a third of the semicolons removed", without);
        }

        // '?.' in place of a '.' of a member access (a?.B(), a?.B().C(), a?.B() as an argument): one at a time, then several.
        // Their own Random, so the variants above and below stay those of earlier runs for the same seed.
        var conditionalRandom = new Random(seed + 1);
        var dots = tokens.Where(t => t.IsKind(SyntaxKind.DotToken) && t.Parent is MemberAccessExpressionSyntax).ToList();
        if (dots.Count > 0)
        {
            for (var i = 0; i < 3; i++)
            {
                var dot = dots[conditionalRandom.Next(dots.Count)];
                yield return ($"'?.' in place of the '.' at {dot.SpanStart}", text.Remove(dot.SpanStart, 1).Insert(dot.SpanStart, "?."));
            }

            var conditional = text;
            foreach (var dot in Enumerable.Range(0, 8).Select(_ => dots[conditionalRandom.Next(dots.Count)]).Distinct().OrderByDescending(t => t.SpanStart))
            {
                conditional = conditional.Remove(dot.SpanStart, 1).Insert(dot.SpanStart, "?.");
            }

            yield return ("'?.' in place of 8 member-access dots", conditional);
        }

        // Half-typed expressions at statement starts.
        var statementStarts = tokens.Where(t => t.IsKind(SyntaxKind.SemicolonToken) || t.IsKind(SyntaxKind.OpenBraceToken)).Select(t => t.Span.End).ToList();
        foreach (var fragment in HalfTyped)
        {
            var at = statementStarts[random.Next(statementStarts.Count)];
            yield return ($"'{fragment}' typed at {at}", text.Insert(at, " " + fragment));
        }
    }
}

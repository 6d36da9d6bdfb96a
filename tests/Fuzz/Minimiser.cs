using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;

namespace BadGateway.Analyzers.Fuzz;

/// <summary>
/// Delta debugging: the smallest input found, within a budget, that still shows a failure. Lines first, then tokens;
/// chunks of halving size are removed while the failure stays.
/// </summary>
public static class Minimiser
{
    public static async Task<string> MinimiseAsync(string input, Func<string, Task<bool>> shows, CancellationToken cancellationToken, int maxTries = 600, TimeSpan? budget = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = budget ?? TimeSpan.FromMinutes(3);
        var tries = 0;

        async Task<bool> StillShows(string candidate)
        {
            tries++;
            return await shows(candidate).ConfigureAwait(false);
        }

        bool Spent() => tries >= maxTries || clock.Elapsed > limit;

        if (!await StillShows(input).ConfigureAwait(false))
        {
            return input;
        }

        var lines = input.Split('\n').Select(l => l + "\n").ToList();
        lines = await ReduceAsync(lines, parts => StillShows(string.Concat(parts)), Spent, cancellationToken).ConfigureAwait(false);

        var text = string.Concat(lines);
        var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens(descendIntoTrivia: false)
            .Select(t => t.ToFullString())
            .ToList();
        if (string.Concat(tokens) != text)
        {
            return text;
        }

        tokens = await ReduceAsync(tokens, parts => StillShows(string.Concat(parts)), Spent, cancellationToken).ConfigureAwait(false);
        return string.Concat(tokens);
    }

    private static async Task<List<string>> ReduceAsync(List<string> parts, Func<List<string>, Task<bool>> shows, Func<bool> spent, CancellationToken cancellationToken)
    {
        for (var chunk = Math.Max(1, parts.Count / 2); chunk >= 1 && !spent(); chunk /= 2)
        {
            for (var start = 0; start < parts.Count && !spent();)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidate = parts.Take(start).Concat(parts.Skip(start + chunk)).ToList();
                if (candidate.Count > 0 && await shows(candidate).ConfigureAwait(false))
                {
                    parts = candidate;
                }
                else
                {
                    start += chunk;
                }
            }

            if (chunk == 1)
            {
                break;
            }
        }

        return parts;
    }
}

using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FindSymbols;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// <see cref="SymbolFinder.FindReferencesAsync(ISymbol, Solution, CancellationToken)"/>, searched once per solution and
/// symbol. BG0101's lightbulb plans each of its modes (Use await, the wrapper, Make async, the public-API form) on the
/// same solution, and each plan searched the same method's callers again (issue #16: seconds on NBitcoin). A solution is
/// immutable, so its references are too; the results go with the solution.
/// </summary>
internal static class ReferenceSearch
{
    private static readonly ConditionalWeakTable<Solution, ConcurrentDictionary<ISymbol, ImmutableArray<ReferencedSymbol>>> Found = new();

    public static async Task<IEnumerable<ReferencedSymbol>> FindReferencesAsync(ISymbol symbol, Solution solution, CancellationToken cancellationToken)
    {
        var bySymbol = Found.GetValue(solution, _ => new ConcurrentDictionary<ISymbol, ImmutableArray<ReferencedSymbol>>(SymbolEqualityComparer.Default));
        if (bySymbol.TryGetValue(symbol, out var references))
        {
            return references;
        }

        // Only a finished search is kept: a cancelled one throws here and leaves nothing behind.
        references = (await SymbolFinder.FindReferencesAsync(symbol, solution, cancellationToken).ConfigureAwait(false)).ToImmutableArray();
        return bySymbol.GetOrAdd(symbol, references);
    }
}

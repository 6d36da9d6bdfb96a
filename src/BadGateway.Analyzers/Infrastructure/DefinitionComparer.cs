using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// Compares original definitions by identity, for caches keyed by <see cref="ISymbol.OriginalDefinition"/> within one
/// compilation: a compilation hands out one symbol object per definition (source or metadata), so identity is the
/// symbol's equality there, and hashing it is one call where <see cref="SymbolEqualityComparer"/> takes several.
/// Never use it for constructed symbols (two <c>List&lt;int&gt;</c> may be different objects) or across compilations.
/// </summary>
internal sealed class DefinitionComparer<TSymbol> : IEqualityComparer<TSymbol>
    where TSymbol : class, ISymbol
{
    public bool Equals(TSymbol? x, TSymbol? y) => ReferenceEquals(x, y);

    public int GetHashCode(TSymbol obj) => RuntimeHelpers.GetHashCode(obj);
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// Finds the awaitable sibling of a synchronous method (BG0102): <c>MAsync</c> on the same type, a base type, or a source
/// extension method, with the same parameters in order (plus an optional trailing CancellationToken), the same
/// static-ness, <c>Task</c>/<c>ValueTask</c> of the same result, accessible and not obsolete. Name matching alone is not
/// enough: every one of those must hold. Results are cached per compilation.
/// </summary>
internal sealed class AsyncSiblings
{
    /// <summary>Namespaces whose Async siblings are not equivalent (assertions, mocking frameworks' event raising).</summary>
    internal static readonly ImmutableArray<string> BuiltInExclusions = ImmutableArray.Create(
        "Xunit", "NUnit", "Microsoft.VisualStudio.TestTools", "FluentAssertions", "Shouldly", "Moq", "NSubstitute", "FakeItEasy");

    private readonly Compilation _compilation;
    private readonly KnownTypes _types;
    private readonly ConcurrentDictionary<string, ImmutableArray<IMethodSymbol>> _sourceExtensions = new(StringComparer.Ordinal);
    private readonly Lazy<ImmutableDictionary<string, ImmutableArray<IMethodSymbol>>> _referencedExtensions;
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _members = new(SymbolEqualityComparer.Default);

    // Created once, so the cache lookups on every invocation allocate nothing.
    private readonly Func<IMethodSymbol, IMethodSymbol?> _findMember;
    private readonly Func<string, ImmutableArray<IMethodSymbol>> _findSourceExtensions;

    public AsyncSiblings(Compilation compilation, KnownTypes types)
    {
        _compilation = compilation;
        _types = types;
        _findMember = m => IsCandidate(m) ? FindOwnMember(m) : null;
        _findSourceExtensions = FindSourceExtensions;
        _referencedExtensions = new Lazy<ImmutableDictionary<string, ImmutableArray<IMethodSymbol>>>(() => ReferencedExtensions(compilation));
    }

    /// <summary>
    /// Source extension methods named <c>{syncName}Async</c>, asked of the compiler's declaration index by exact name the
    /// first time a call to <paramref name="syncName"/> has no sibling of its own (never a scan of every source member).
    /// </summary>
    private ImmutableArray<IMethodSymbol> FindSourceExtensions(string syncName)
    {
        var name = syncName + "Async";
        return _compilation.ContainsSymbolsWithName(name, SymbolFilter.Member)
            ? _compilation.GetSymbolsWithName(name, SymbolFilter.Member).OfType<IMethodSymbol>().Where(m => m.IsExtensionMethod).ToImmutableArray()
            : ImmutableArray<IMethodSymbol>.Empty;
    }

    /// <summary>
    /// Public Async extension methods of the referenced assemblies (EF Core's ToListAsync, ...), keyed by the synchronous
    /// name; built once per compilation, the first time a call has no sibling of its own.
    /// </summary>
    private static ImmutableDictionary<string, ImmutableArray<IMethodSymbol>> ReferencedExtensions(Compilation compilation)
    {
        var found = new Dictionary<string, List<IMethodSymbol>>(StringComparer.Ordinal);
        var namespaces = new Stack<INamespaceSymbol>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            namespaces.Push(assembly.GlobalNamespace);
        }

        while (namespaces.Count > 0)
        {
            var ns = namespaces.Pop();
            foreach (var nested in ns.GetNamespaceMembers())
            {
                namespaces.Push(nested);
            }

            foreach (var type in ns.GetTypeMembers())
            {
                if (!type.MightContainExtensionMethods || type.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                foreach (var name in type.MemberNames)
                {
                    if (!name.EndsWith("Async", StringComparison.Ordinal) || name.Length == "Async".Length)
                    {
                        continue;
                    }

                    foreach (var method in type.GetMembers(name).OfType<IMethodSymbol>())
                    {
                        if (method.IsExtensionMethod && method.DeclaredAccessibility == Accessibility.Public)
                        {
                            var key = name.Substring(0, name.Length - "Async".Length);
                            if (!found.TryGetValue(key, out var list))
                            {
                                found[key] = list = new List<IMethodSymbol>();
                            }

                            list.Add(method);
                        }
                    }
                }
            }
        }

        return found.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>The sibling of <paramref name="method"/> declared on its type or a base type, or null (cached per method).</summary>
    public IMethodSymbol? FindMember(IMethodSymbol method, ISymbol within) =>
        IsSearchable(method) ? Accessible(_members.GetOrAdd(method.OriginalDefinition, _findMember), within) : null;

    /// <summary>
    /// The extension sibling of <paramref name="method"/> called on <paramref name="receiverType"/>, in source or in a
    /// referenced assembly, or null. Callers ask for it last, once the cheaper checks have passed: the first such lookup
    /// indexes the referenced assemblies.
    /// </summary>
    public IMethodSymbol? FindExtension(IMethodSymbol method, ITypeSymbol? receiverType, ISymbol within)
    {
        if (!IsSearchable(method) || method.IsStatic || receiverType is null || !IsCandidate(method.OriginalDefinition))
        {
            return null;
        }

        var sibling = FindExtension(method, receiverType, _sourceExtensions.GetOrAdd(method.Name, _findSourceExtensions));
        if (sibling is null && _referencedExtensions.Value.TryGetValue(method.Name, out var referenced))
        {
            sibling = FindExtension(method, receiverType, referenced);
        }

        return Accessible(sibling, within);
    }

    private static bool IsSearchable(IMethodSymbol method) => method.MethodKind == MethodKind.Ordinary && !method.IsAsync;

    private IMethodSymbol? Accessible(IMethodSymbol? sibling, ISymbol within) =>
        sibling is not null && _compilation.IsSymbolAccessibleWithin(sibling, within as INamedTypeSymbol ?? within.ContainingType ?? (ISymbol)_compilation.Assembly)
            ? sibling
            : null;

    /// <summary><c>Thread.Sleep(x)</c>, whose awaitable twin is <c>Task.Delay(x)</c>.</summary>
    public bool IsThreadSleep(IMethodSymbol method) =>
        method.Name == "Sleep" && method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.Thread);

    /// <summary>The sibling on the type or a base type; the overload that also takes a CancellationToken wins.</summary>
    private IMethodSymbol? FindOwnMember(IMethodSymbol method)
    {
        var name = method.Name + "Async";
        IMethodSymbol? found = null;
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var candidate in type.GetMembers(name).OfType<IMethodSymbol>())
            {
                if (candidate.IsStatic == method.IsStatic && Matches(method, candidate, skipFirst: false))
                {
                    if (candidate.Parameters.Length > method.Parameters.Length)
                    {
                        return candidate;
                    }

                    found ??= candidate;
                }
            }
        }

        return found;
    }

    private static bool IsCandidate(IMethodSymbol method) =>
        !IsAwaitable(method.ReturnType) && !IsExcludedNamespace(method.ContainingType);

    private IMethodSymbol? FindExtension(IMethodSymbol method, ITypeSymbol receiverType, ImmutableArray<IMethodSymbol> extensions)
    {
        foreach (var extension in extensions)
        {
            if (extension.Parameters.Length > 0
                && _compilation.ClassifyCommonConversion(receiverType, extension.Parameters[0].Type) is { IsIdentity: true } or { IsImplicit: true, IsReference: true }
                && Matches(method, extension, skipFirst: true))
            {
                return extension;
            }
        }

        return null;
    }

    private bool Matches(IMethodSymbol method, IMethodSymbol candidate, bool skipFirst)
    {
        if (candidate.MethodKind != MethodKind.Ordinary
            || candidate.TypeParameters.Length != method.TypeParameters.Length
            || IsObsolete(candidate))
        {
            return false;
        }

        var parameters = skipFirst ? candidate.Parameters.RemoveAt(0) : candidate.Parameters;
        if (parameters.Length == method.Parameters.Length + 1)
        {
            if (!SymbolEqualityComparer.Default.Equals(parameters[parameters.Length - 1].Type, _types.CancellationToken))
            {
                return false;
            }

            parameters = parameters.RemoveAt(parameters.Length - 1);
        }

        if (parameters.Length != method.Parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].RefKind != method.Parameters[i].RefKind || !SameType(parameters[i].Type, method.Parameters[i].Type))
            {
                return false;
            }
        }

        return ReturnsAsyncOf(candidate.ReturnType, method);
    }

    private bool ReturnsAsyncOf(ITypeSymbol returnType, IMethodSymbol method)
    {
        if (returnType is not INamedTypeSymbol named)
        {
            return false;
        }

        if (method.ReturnsVoid)
        {
            return SymbolEqualityComparer.Default.Equals(named, _types.Task) || SymbolEqualityComparer.Default.Equals(named, _types.ValueTask);
        }

        return (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _types.TaskOfT) || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _types.ValueTaskOfT))
            && SameType(named.TypeArguments[0], method.ReturnType);
    }

    /// <summary>Equal types, with a method's type parameters matched by position.</summary>
    private static bool SameType(ITypeSymbol left, ITypeSymbol right) =>
        left is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } l && right is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } r
            ? l.Ordinal == r.Ordinal
            : SymbolEqualityComparer.Default.Equals(left, right);

    private bool IsObsolete(ISymbol symbol) =>
        _types.ObsoleteAttribute is not null
        && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _types.ObsoleteAttribute));

    private static bool IsAwaitable(ITypeSymbol type) => !type.GetMembers("GetAwaiter").IsEmpty;

    private static bool IsExcludedNamespace(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return BuiltInExclusions.Any(e => ns == e || ns.StartsWith(e + ".", StringComparison.Ordinal));
    }
}

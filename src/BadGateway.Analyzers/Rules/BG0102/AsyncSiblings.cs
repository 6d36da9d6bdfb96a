using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

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
    private readonly ConcurrentDictionary<string, ImmutableArray<IMethodSymbol>> _extensions = new(StringComparer.Ordinal);

    // Built on first use, from a callback and with its token: a cancelled build publishes nothing and the next call
    // builds again (a Lazy<T> would keep the OperationCanceledException and throw it at every later, uncancelled call).
    // One thread builds it while the others wait: in real builds two threads often started it at once, and each copy
    // took the CPU the build's own threads needed (issue #16).
    private Dictionary<string, List<INamedTypeSymbol>>? _typesWithAsyncMember;
    private readonly object _indexGate = new();
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _members = new(new DefinitionComparer<IMethodSymbol>());

    // Created once, so the cache lookups on every invocation allocate nothing.
    private readonly Func<IMethodSymbol, IMethodSymbol?> _findMember;
    private readonly Func<string, ImmutableArray<IMethodSymbol>> _findExtensions;

    public AsyncSiblings(Compilation compilation, KnownTypes types)
    {
        _compilation = compilation;
        _types = types;
        // The member-name test first: it rules out almost every method, and IsCandidate reads the return type's members.
        _findMember = m => FindOwnMember(m) is { } sibling && IsCandidate(m) ? sibling : null;
        _findExtensions = FindExtensions;
    }

    /// <summary>
    /// Whether any extension method named <c>{Name}Async</c> exists, in source or in a referenced assembly: a string-keyed
    /// lookup, cached per name, that settles almost every call before anything walks the tree or compares signatures.
    /// </summary>
    public bool MayHaveExtension(IMethodSymbol method, CancellationToken cancellationToken) =>
        IsSearchable(method)
        && !method.IsStatic
        && TypesWithAsyncMember(cancellationToken).ContainsKey(method.Name)
        && !_extensions.GetOrAdd(method.Name, _findExtensions).IsEmpty;

    private Dictionary<string, List<INamedTypeSymbol>> TypesWithAsyncMember(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _typesWithAsyncMember) is { } built)
        {
            return built;
        }

        lock (_indexGate)
        {
            if (_typesWithAsyncMember is { } builtMeanwhile)
            {
                return builtMeanwhile;
            }

            var byName = TypesWithAsyncMember(ExtensionTypes(_compilation, cancellationToken), cancellationToken);
            Volatile.Write(ref _typesWithAsyncMember, byName);
            return byName;
        }
    }

    /// <summary>Extension methods named <c>{syncName}Async</c>, source ones first, by member name (see <see cref="ExtensionTypes"/>).</summary>
    private ImmutableArray<IMethodSymbol> FindExtensions(string syncName)
    {
        // Only asked after MayHaveExtension built the index.
        if (_typesWithAsyncMember is not { } index || !index.TryGetValue(syncName, out var types))
        {
            return ImmutableArray<IMethodSymbol>.Empty;
        }

        var name = syncName + "Async";
        var found = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (var type in types)
        {
            found.AddRange(type.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.IsExtensionMethod));
        }

        return found.ToImmutable();
    }

    /// <summary>
    /// The types that may declare extensions, by the name of the synchronous method each <c>{Name}Async</c> member would
    /// pair with, in their order: one pass over member names (no member is loaded), so each call is then settled by one
    /// lookup of its name, and only the names found here load members.
    /// </summary>
    private static Dictionary<string, List<INamedTypeSymbol>> TypesWithAsyncMember(ImmutableArray<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in type.MemberNames)
            {
                if (member.Length > "Async".Length && member.EndsWith("Async", StringComparison.Ordinal))
                {
                    var syncName = member.Substring(0, member.Length - "Async".Length);
                    if (!byName.TryGetValue(syncName, out var declaring))
                    {
                        byName.Add(syncName, declaring = new List<INamedTypeSymbol>());
                    }

                    declaring.Add(type);
                }
            }
        }

        return byName;
    }

    /// <summary>
    /// The types that may declare extension methods, source ones first: every such top-level type of the compilation, and
    /// the public ones the referenced assemblies that carry <c>[Extension]</c> declare in a namespace some file imports or
    /// is declared in (an extension anywhere else is not callable as it stands, and the fix adds no using). Listed once per
    /// compilation without loading any member, the first time a call has no sibling of its own; each name is then checked
    /// against these types' member names.
    /// </summary>
    private static ImmutableArray<INamedTypeSymbol> ExtensionTypes(Compilation compilation, CancellationToken cancellationToken)
    {
        var found = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        var namespaces = new Stack<INamespaceSymbol>();
        namespaces.Push(compilation.Assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ns = namespaces.Pop();
            foreach (var nested in ns.GetNamespaceMembers())
            {
                namespaces.Push(nested);
            }

            found.AddRange(ns.GetTypeMembers().Where(t => t.MightContainExtensionMethods));
        }

        foreach (var name in ImportedNamespaceNames(compilation, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ResolveNamespace(compilation.GlobalNamespace, name) is not { } merged)
            {
                continue;
            }

            foreach (var ns in merged.ConstituentNamespaces)
            {
                if (ns.ContainingAssembly is { } assembly
                    && !SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly)
                    && assembly.MightContainExtensionMethods)
                {
                    found.AddRange(ns.GetTypeMembers().Where(t => t.MightContainExtensionMethods && t.DeclaredAccessibility == Accessibility.Public));
                }
            }
        }

        return found.ToImmutable();
    }

    /// <summary>The namespaces of every <c>using</c> (global ones included) and every namespace declaration with its parents.</summary>
    private static HashSet<string> ImportedNamespaceNames(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);

        // Most files repeat the same usings and namespaces: a name already seen (compared by its identifiers, see
        // SameName) adds nothing, so its string is built once. Declarations and usings apart: a declaration adds its parents.
        var sameName = new SameName();
        var usingsSeen = new HashSet<NameSyntax>(sameName);
        var declarationsSeen = new HashSet<NameSyntax>(sameName);
        var scopes = new Stack<SyntaxNode>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            scopes.Push(tree.GetRoot(cancellationToken));
            while (scopes.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var scope = scopes.Pop();
                var (usings, members) = scope switch
                {
                    CompilationUnitSyntax unit => (unit.Usings, unit.Members),
                    BaseNamespaceDeclarationSyntax declaration => (declaration.Usings, declaration.Members),
                    _ => (default(SyntaxList<UsingDirectiveSyntax>), default(SyntaxList<MemberDeclarationSyntax>)),
                };
                if (scope is BaseNamespaceDeclarationSyntax { Name: var declared } && declarationsSeen.Add(declared))
                {
                    // Code in namespace A.B sees the extensions of A.B and of A.
                    for (var name = NameOf(declared); name.Length > 0; name = name.LastIndexOf('.') is var dot and > 0 ? name.Substring(0, dot) : string.Empty)
                    {
                        names.Add(name);
                    }
                }

                foreach (var directive in usings)
                {
                    if (directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name is { } imported && usingsSeen.Add(imported))
                    {
                        names.Add(NameOf(imported));
                    }
                }

                foreach (var member in members)
                {
                    if (member is BaseNamespaceDeclarationSyntax)
                    {
                        scopes.Push(member);
                    }
                }
            }
        }

        return names;
    }

    /// <summary>The dotted name a using or namespace declaration writes, without <c>global::</c>, from its identifiers (no text is formatted).</summary>
    private static string NameOf(NameSyntax name) => name switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        QualifiedNameSyntax qualified => NameOf(qualified.Left) + "." + qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased when aliased.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) => aliased.Name.Identifier.ValueText,
        _ => name.ToString(),
    };

    /// <summary>
    /// Two names that <see cref="NameOf(NameSyntax)"/> writes the same (same identifiers, <c>global::</c> or not), compared
    /// without building the string; any other shape is equal only to itself.
    /// </summary>
    private sealed class SameName : IEqualityComparer<NameSyntax>
    {
        public bool Equals(NameSyntax? x, NameSyntax? y)
        {
            while (x is QualifiedNameSyntax left && y is QualifiedNameSyntax right)
            {
                if (left.Right.Identifier.ValueText != right.Right.Identifier.ValueText)
                {
                    return false;
                }

                x = left.Left;
                y = right.Left;
            }

            return ReferenceEquals(x, y) || (Last(x) is { } text && text == Last(y));
        }

        public int GetHashCode(NameSyntax name)
        {
            var hash = 17;
            while (name is QualifiedNameSyntax qualified)
            {
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(qualified.Right.Identifier.ValueText);
                name = qualified.Left;
            }

            return (hash * 31) + (Last(name) is { } text ? StringComparer.Ordinal.GetHashCode(text) : 0);
        }

        /// <summary>The leftmost identifier as NameOf writes it, or null for a shape written with ToString().</summary>
        private static string? Last(NameSyntax? name) => name switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased when aliased.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) => aliased.Name.Identifier.ValueText,
            _ => null,
        };
    }

    private static INamespaceSymbol? ResolveNamespace(INamespaceSymbol global, string name)
    {
        INamespaceSymbol? current = global;
        foreach (var part in name.Split('.'))
        {
            current = current.GetMembers(part.Trim()).OfType<INamespaceSymbol>().FirstOrDefault();
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The sibling of <paramref name="method"/> declared on its type or a base type, or null (cached per method).</summary>
    public IMethodSymbol? FindMember(IMethodSymbol method, ISymbol within) =>
        IsSearchable(method) ? Accessible(_members.GetOrAdd(method.OriginalDefinition, _findMember), within) : null;

    /// <summary>
    /// The extension sibling of <paramref name="method"/> called on <paramref name="receiverType"/>, in source or in a
    /// referenced assembly, or null. Callers ask for it last, once the cheaper checks have passed: the first such lookup
    /// indexes the referenced assemblies.
    /// </summary>
    public IMethodSymbol? FindExtension(IMethodSymbol method, ITypeSymbol? receiverType, ISymbol within, SemanticModel? model, int position, CancellationToken cancellationToken)
    {
        if (!MayHaveExtension(method, cancellationToken) || receiverType is null || !IsCandidate(method.OriginalDefinition))
        {
            return null;
        }

        return Accessible(FindExtension(method, receiverType, _extensions.GetOrAdd(method.Name, _findExtensions), model, position), within);
    }

    private static bool IsSearchable(IMethodSymbol method) => method.MethodKind == MethodKind.Ordinary && !method.IsAsync;

    private IMethodSymbol? Accessible(IMethodSymbol? sibling, ISymbol within) =>
        sibling is not null && (IsPublicAll(sibling) || _compilation.IsSymbolAccessibleWithin(sibling, within as INamedTypeSymbol ?? within.ContainingType ?? (ISymbol)_compilation.Assembly))
            ? sibling
            : null;

    /// <summary>A public member of public types is accessible wherever its type is, which the call it pairs with shows.</summary>
    private static bool IsPublicAll(ISymbol symbol)
    {
        for (ISymbol? current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

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
            // Member names are read without creating the type's members: most types have no Async twin at all.
            if (!type.MemberNames.Contains(name))
            {
                continue;
            }

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
        !KnownTypes.IsAwaitable(method.ReturnType) && !IsExcludedNamespace(method.ContainingType);

    private IMethodSymbol? FindExtension(IMethodSymbol method, ITypeSymbol receiverType, ImmutableArray<IMethodSymbol> extensions, SemanticModel? model, int position)
    {
        foreach (var extension in extensions)
        {
            if (extension.Parameters.Length > 0
                && _compilation.ClassifyCommonConversion(receiverType, extension.Parameters[0].Type) is { IsIdentity: true } or { IsImplicit: true, IsReference: true }
                && Matches(method, extension, skipFirst: true)
                && IsInScope(extension, receiverType, model, position))
            {
                return extension;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="extension"/> can be called as an extension at <paramref name="position"/>: the index above
    /// lists the extensions of every namespace any file imports or declares, and one file's usings are not another's.
    /// Asked only of an extension whose signature already pairs with the call, so rarely; the language's own lookup
    /// (usings, global usings, enclosing namespaces, <c>using static</c>) decides.
    /// </summary>
    private static bool IsInScope(IMethodSymbol extension, ITypeSymbol receiverType, SemanticModel? model, int position)
    {
        if (model is null)
        {
            return true;
        }

        var definition = extension.OriginalDefinition;
        foreach (var symbol in model.LookupSymbols(position, receiverType, extension.Name, includeReducedExtensionMethods: true))
        {
            if (symbol is IMethodSymbol found && SymbolEqualityComparer.Default.Equals((found.ReducedFrom ?? found).OriginalDefinition, definition))
            {
                return true;
            }
        }

        return false;
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
            if (parameters[i].RefKind != method.Parameters[i].RefKind
                || !(SameType(parameters[i].Type, method.Parameters[i].Type) || IsMemoryForSpan(parameters[i].Type, method.Parameters[i].Type)))
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

        return _types.IsGenericTaskLike(named) && SameType(named.TypeArguments[0], method.ReturnType);
    }

    /// <summary>
    /// <c>Memory&lt;T&gt;</c> where the synchronous method takes <c>Span&lt;T&gt;</c>, <c>ReadOnlyMemory&lt;T&gt;</c> where it
    /// takes <c>ReadOnlySpan&lt;T&gt;</c>: a span cannot cross an await, so the async overloads take memory
    /// (<c>Stream.Write(ReadOnlySpan&lt;byte&gt;)</c> and <c>WriteAsync(ReadOnlyMemory&lt;byte&gt;, CancellationToken)</c>).
    /// </summary>
    private bool IsMemoryForSpan(ITypeSymbol candidate, ITypeSymbol sync)
    {
        if (sync is not INamedTypeSymbol { IsGenericType: true, Name: "Span" or "ReadOnlySpan" } span
            || candidate is not INamedTypeSymbol { IsGenericType: true, Name: "Memory" or "ReadOnlyMemory" } memory)
        {
            return false;
        }

        var spanDefinition = span.OriginalDefinition;
        var memoryDefinition = memory.OriginalDefinition;
        return ((SymbolEqualityComparer.Default.Equals(spanDefinition, _types.SpanOfT) && SymbolEqualityComparer.Default.Equals(memoryDefinition, _types.MemoryOfT))
                || (SymbolEqualityComparer.Default.Equals(spanDefinition, _types.ReadOnlySpanOfT) && SymbolEqualityComparer.Default.Equals(memoryDefinition, _types.ReadOnlyMemoryOfT)))
            && SameType(memory.TypeArguments[0], span.TypeArguments[0]);
    }

    /// <summary>
    /// Whether the arguments of <paramref name="invocation"/> can be passed to <paramref name="sibling"/> as they are: every
    /// argument given to a span parameter converts to the sibling's memory parameter (an array, an <c>ArraySegment</c>),
    /// which a real span (<c>stackalloc</c>, a <c>Span</c> local, <c>.AsSpan()</c>) does not. For the fix.
    /// </summary>
    public bool ArgumentsConvert(IInvocationOperation invocation, IMethodSymbol sibling)
    {
        var offset = sibling.IsExtensionMethod && sibling.ReducedFrom is null ? 1 : 0;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is not INamedTypeSymbol { IsGenericType: true, Name: "Span" or "ReadOnlySpan" })
            {
                continue;
            }

            var index = argument.Parameter.Ordinal + offset;
            var value = argument.Value;
            var source = value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand.Type : value.Type;
            if (index >= sibling.Parameters.Length
                || source is null
                || !_compilation.ClassifyCommonConversion(source, sibling.Parameters[index].Type).IsImplicit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equal types, with a method's type parameters matched by position.</summary>
    private static bool SameType(ITypeSymbol left, ITypeSymbol right) =>
        left is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } l && right is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } r
            ? l.Ordinal == r.Ordinal
            : SymbolEqualityComparer.Default.Equals(left, right);

    private bool IsObsolete(ISymbol symbol) =>
        _types.ObsoleteAttribute is not null
        && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _types.ObsoleteAttribute));


    private static bool IsExcludedNamespace(INamedTypeSymbol type)
    {
        // The outermost namespace first: only under one of the excluded roots is the full name worth formatting.
        var outermost = type.ContainingNamespace;
        while (outermost?.ContainingNamespace is { IsGlobalNamespace: false } parent)
        {
            outermost = parent;
        }

        if (outermost is null || outermost.IsGlobalNamespace || !BuiltInExclusions.Any(e => e.StartsWith(outermost.Name, StringComparison.Ordinal)))
        {
            return false;
        }

        var ns = type.ContainingNamespace!.ToDisplayString();
        return BuiltInExclusions.Any(e => ns == e || ns.StartsWith(e + ".", StringComparison.Ordinal));
    }
}

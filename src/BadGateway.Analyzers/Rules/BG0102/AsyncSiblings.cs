using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// Finds the awaitable sibling of a synchronous method (BG0102): <c>MAsync</c> on the same type, a base type, or a source
/// extension method in scope, with the same parameters in order (plus an optional trailing CancellationToken), the same
/// static-ness, <c>Task</c>/<c>ValueTask</c> of the same result, accessible and not obsolete. Name matching alone is not
/// enough: every one of those must hold. Results are cached per compilation (extensions per scope and name).
/// </summary>
internal sealed class AsyncSiblings
{
    /// <summary>Namespaces whose Async siblings are not equivalent (assertions, mocking frameworks' event raising).</summary>
    internal static readonly ImmutableArray<string> BuiltInExclusions = ImmutableArray.Create(
        "Xunit", "NUnit", "Microsoft.VisualStudio.TestTools", "FluentAssertions", "Shouldly", "Moq", "NSubstitute", "FakeItEasy");

    private readonly Compilation _compilation;
    private readonly KnownTypes _types;
    // Extensions are looked up per import scope (the innermost namespace declaration, or the file): only the scopes that
    // hold a call asking for one are ever read, and each namespace's types are indexed once, by the names of their Async
    // members. A whole-compilation index of every file's usings cost more than the rest of the rule on large projects
    // whose async code sits in a few files (Cake.Common, issue #16).
    private readonly ConcurrentDictionary<SyntaxNode, ExtensionScope> _scopes = new();
    private readonly RecentAnswers<SyntaxNode, ExtensionScope> _recentScopes = new();
    private readonly ConcurrentDictionary<string, ExtensionScope> _spelledScopes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<INamespaceSymbol, NamespaceIndex> _namespaceIndexes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<string, ExtensionScope> _mergedScopes = new(StringComparer.Ordinal);
    private readonly ExtensionScope _noExtensions = new(new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal));
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _members = new(new DefinitionComparer<IMethodSymbol>());
    private readonly RecentAnswers<IMethodSymbol, bool> _asyncMembers = new();

    // Created once, so the cache lookups on every invocation allocate nothing.
    private readonly Func<IMethodSymbol, IMethodSymbol?> _findMember;
    private readonly Func<INamespaceSymbol, NamespaceIndex> _indexNamespace;

    public AsyncSiblings(Compilation compilation, KnownTypes types)
    {
        _compilation = compilation;
        _types = types;
        // The member-name test first: it rules out almost every method, and IsCandidate reads the return type's members.
        _findMember = m => FindOwnMember(m) is { } sibling && IsCandidate(m) ? sibling : null;
        _indexNamespace = IndexNamespace;
    }

    /// <summary>
    /// Whether an extension method named <c>{Name}Async</c> is in scope at <paramref name="call"/> (its namespaces, their
    /// usings, global usings, <c>using static</c>): a string-keyed lookup, cached per scope and name, that settles almost
    /// every call before any signature is compared.
    /// </summary>
    public bool MayHaveExtension(IMethodSymbol method, SyntaxNode call, SemanticModel model, CancellationToken cancellationToken) =>
        IsSearchable(method)
        && !method.IsStatic
        && !ExtensionsInScope(method.Name, call, model, cancellationToken).IsEmpty;

    /// <summary>The extension methods named <c>{syncName}Async</c> that the scope of <paramref name="call"/> can see, source ones first.</summary>
    private ImmutableArray<IMethodSymbol> ExtensionsInScope(string syncName, SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(call, model, cancellationToken);
        if (!scope.TypesByName.TryGetValue(syncName, out var declaring))
        {
            return ImmutableArray<IMethodSymbol>.Empty;
        }

        if (scope.Found.TryGetValue(syncName, out var found))
        {
            return found;
        }

        var name = syncName + "Async";
        var inSource = new List<IMethodSymbol>();
        var referenced = new List<IMethodSymbol>();
        foreach (var type in declaring)
        {
            var list = SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly) ? inSource : referenced;
            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol { IsExtensionMethod: true } extension && !list.Contains(extension, SymbolEqualityComparer.Default))
                {
                    list.Add(extension);
                }
            }
        }

        found = inSource.Concat(referenced).ToImmutableArray();
        return scope.Found.GetOrAdd(syncName, found);
    }

    /// <summary>
    /// The scope of <paramref name="call"/>: its innermost namespace declaration, or its file, decides both which
    /// namespaces enclose it and which usings apply (the language's own list, <see cref="SemanticModel.GetImportScopes"/>,
    /// global usings included). Built at the first call of the scope that asks.
    /// </summary>
    private ExtensionScope ScopeOf(SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
    {
        // The key is the innermost namespace declaration or the file; the top-level member under it gives a position in
        // that scope outside any member body, where the import scopes are read without binding the member.
        var key = call;
        var topLevel = call;
        while (key.Parent is { } parent && key is not (BaseNamespaceDeclarationSyntax or CompilationUnitSyntax))
        {
            topLevel = key;
            key = parent;
        }

        // The calls of one file come one after another: the recent keys answer them before the dictionary does.
        if (_recentScopes.TryGet(key, out var scope))
        {
            return scope;
        }

        if (!_scopes.TryGetValue(key, out scope))
        {
            scope = _scopes.GetOrAdd(key, NewScope(key, topLevel, model, cancellationToken));
        }

        return _recentScopes.Remember(key, scope);
    }

    /// <summary>The extensions a scope not seen before can use: shared with an earlier scope spelled the same, or read from the model.</summary>
    private ExtensionScope NewScope(SyntaxNode key, SyntaxNode topLevel, SemanticModel model, CancellationToken cancellationToken)
    {
        // Most files of a project spell their scope the same way (the same namespace and usings): the first one asks the
        // semantic model, the others share its answer (binding every file's usings was most of this method, issue #16).
        var spelling = Spelling(key);
        if (spelling is not null && _spelledScopes.TryGetValue(spelling, out var scope))
        {
            return scope;
        }

        scope = ScopeFromModel(key, topLevel, model, cancellationToken);
        return spelling is null ? scope : _spelledScopes.GetOrAdd(spelling, scope);
    }

    /// <summary>
    /// The scope's import chain as written: every level between <paramref name="key"/> and the file, each with its
    /// namespace name, extern aliases and using directives. Two scopes spelled the same import the same namespaces (the
    /// global usings are the compilation's, the same for every file). Null for a chain with a <c>using static</c>, which
    /// may name a file-local type that the same spelling in another file does not see.
    /// </summary>
    private static string? Spelling(SyntaxNode key)
    {
        // From the innermost level out: the order only has to be the same for every scope. The text is cut from the file's
        // source where the tree has it (a substring), instead of writing each directive's tokens out again.
        var text = key.SyntaxTree.TryGetText(out var source) ? source : null;
        string Written(SyntaxNode node) => text?.ToString(node.Span) ?? node.ToString();
        var builder = new StringBuilder();
        for (SyntaxNode? level = key; level is not null; level = level.Parent)
        {
            var (name, externs, usings) = level switch
            {
                BaseNamespaceDeclarationSyntax declaration => (Written(declaration.Name), declaration.Externs, declaration.Usings),
                CompilationUnitSyntax unit => (string.Empty, unit.Externs, unit.Usings),
                _ => (null, default, default),
            };
            if (name is null)
            {
                continue;
            }

            builder.Append("namespace ").Append(name).Append('\n');
            foreach (var alias in externs)
            {
                builder.Append(Written(alias)).Append('\n');
            }

            foreach (var directive in usings)
            {
                if (!directive.StaticKeyword.IsKind(SyntaxKind.None))
                {
                    return null;
                }

                builder.Append(Written(directive)).Append('\n');
            }
        }

        return builder.ToString();
    }

    private ExtensionScope ScopeFromModel(SyntaxNode key, SyntaxNode topLevel, SemanticModel model, CancellationToken cancellationToken)
    {
        var namespaces = new List<INamespaceSymbol>();
        var seen = new HashSet<INamespaceSymbol>(SymbolEqualityComparer.Default);
        var enclosing = key is BaseNamespaceDeclarationSyntax declaration ? model.GetDeclaredSymbol(declaration, cancellationToken) as INamespaceSymbol : null;
        for (var ns = enclosing ?? _compilation.GlobalNamespace; ns is not null; ns = ns.ContainingNamespace)
        {
            if (_compilation.GetCompilationNamespace(ns) is { } merged && seen.Add(merged))
            {
                namespaces.Add(merged);
            }
        }

        var staticImports = new List<INamedTypeSymbol>();
        foreach (var imports in model.GetImportScopes(topLevel.SpanStart, cancellationToken))
        {
            foreach (var import in imports.Imports)
            {
                switch (import.NamespaceOrType)
                {
                    case INamespaceSymbol imported when _compilation.GetCompilationNamespace(imported) is { } merged && seen.Add(merged):
                        namespaces.Add(merged);
                        break;
                    case INamedTypeSymbol { MightContainExtensionMethods: true } type:
                        staticImports.Add(type);
                        break;
                }
            }
        }

        // One lookup per call from here on: the scope's namespaces' indexes merged, with the using static types' names.
        // Most files of a project import the same namespaces, so scopes that see the same ones share one merged index
        // (and its cache per name), built in the order of their names whatever the order of the usings.
        var indexes = namespaces.Select(ns => _namespaceIndexes.GetOrAdd(ns, _indexNamespace)).Where(index => index.TypesByName.Count > 0).ToList();
        if (indexes.Count == 0 && staticImports.Count == 0)
        {
            return _noExtensions;
        }

        indexes.Sort((left, right) => string.CompareOrdinal(left.Name, right.Name));
        staticImports.Sort((left, right) => string.CompareOrdinal(left.ToDisplayString(), right.ToDisplayString()));
        var signature = string.Join("\n", indexes.Select(index => index.Name).Concat(staticImports.Select(type => "static " + type.ToDisplayString())));
        if (!_mergedScopes.TryGetValue(signature, out var shared))
        {
            var typesByName = new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal);
            foreach (var index in indexes)
            {
                foreach (var entry in index.TypesByName)
                {
                    foreach (var type in entry.Value)
                    {
                        Add(typesByName, entry.Key, type);
                    }
                }
            }

            foreach (var type in staticImports)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var member in type.MemberNames)
                {
                    if (SyncNameOf(member) is { } syncName)
                    {
                        Add(typesByName, syncName, type);
                    }
                }
            }

            shared = _mergedScopes.GetOrAdd(signature, new ExtensionScope(typesByName));
        }

        return shared;
    }

    private static void Add(Dictionary<string, List<INamedTypeSymbol>> typesByName, string syncName, INamedTypeSymbol type)
    {
        if (!typesByName.TryGetValue(syncName, out var declaring))
        {
            typesByName.Add(syncName, declaring = new List<INamedTypeSymbol>());
        }

        declaring.Add(type);
    }

    /// <summary>The synchronous name an <c>{Name}Async</c> member pairs with, or null.</summary>
    private static string? SyncNameOf(string member) =>
        member.Length > "Async".Length && member.EndsWith("Async", StringComparison.Ordinal) ? member.Substring(0, member.Length - "Async".Length) : null;

    /// <summary>
    /// The types of <paramref name="ns"/> that may declare extension methods (every such type of this compilation, the
    /// public ones of the referenced assemblies that carry <c>[Extension]</c>), by the name of the synchronous method each
    /// <c>{Name}Async</c> member would pair with: one pass over member names, no member loaded.
    /// </summary>
    private NamespaceIndex IndexNamespace(INamespaceSymbol ns)
    {
        var byName = new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal);
        foreach (var constituent in ns.ConstituentNamespaces)
        {
            var inSource = SymbolEqualityComparer.Default.Equals(constituent.ContainingAssembly, _compilation.Assembly);
            if (!inSource && constituent.ContainingAssembly is not { MightContainExtensionMethods: true })
            {
                continue;
            }

            foreach (var type in constituent.GetTypeMembers())
            {
                if (!type.MightContainExtensionMethods || (!inSource && type.DeclaredAccessibility != Accessibility.Public))
                {
                    continue;
                }

                foreach (var member in type.MemberNames)
                {
                    if (SyncNameOf(member) is { } syncName)
                    {
                        Add(byName, syncName, type);
                    }
                }
            }
        }

        return new NamespaceIndex(ns.ToDisplayString(), byName);
    }

    /// <summary>One namespace's types that may declare extensions, by the synchronous name of their Async members.</summary>
    private sealed class NamespaceIndex
    {
        public NamespaceIndex(string name, Dictionary<string, List<INamedTypeSymbol>> typesByName)
        {
            Name = name;
            TypesByName = typesByName;
        }

        public string Name { get; }

        public Dictionary<string, List<INamedTypeSymbol>> TypesByName { get; }
    }

    /// <summary>The types whose extensions one scope sees, by the synchronous name of their Async members, and what was found there per name.</summary>
    private sealed class ExtensionScope
    {
        public ExtensionScope(Dictionary<string, List<INamedTypeSymbol>> typesByName) => TypesByName = typesByName;

        public Dictionary<string, List<INamedTypeSymbol>> TypesByName { get; }

        public ConcurrentDictionary<string, ImmutableArray<IMethodSymbol>> Found { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether the member that holds a call is async or returns a task (<see cref="BG0102SyncCallInAsyncCodeAnalyzer.IsAsyncOrTaskReturning"/>),
    /// remembered for the last few members: the driver runs a member's operations one after another, so each call after a
    /// member's first is answered by a reference comparison instead of reading the member's modifiers and return type.
    /// </summary>
    public bool IsAsyncMember(IMethodSymbol member, KnownTypes types) =>
        _asyncMembers.TryGet(member, out var isAsync)
            ? isAsync
            : _asyncMembers.Remember(member, BG0102SyncCallInAsyncCodeAnalyzer.IsAsyncOrTaskReturning(member, types));

    /// <summary>The sibling of <paramref name="method"/> declared on its type or a base type, or null (cached per method).</summary>
    public IMethodSymbol? FindMember(IMethodSymbol method, ISymbol within) =>
        IsSearchable(method) ? Accessible(_members.GetOrAdd(method.OriginalDefinition, _findMember), within) : null;

    /// <summary>
    /// The extension sibling of <paramref name="method"/> called on <paramref name="receiverType"/> at <paramref name="call"/>,
    /// in source or in a referenced assembly, or null. Callers ask for it last, once the cheaper checks have passed.
    /// </summary>
    public IMethodSymbol? FindExtension(IMethodSymbol method, ITypeSymbol? receiverType, ISymbol within, SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (receiverType is null || !MayHaveExtension(method, call, model, cancellationToken) || !IsCandidate(method.OriginalDefinition))
        {
            return null;
        }

        return Accessible(FindExtension(method, receiverType, ExtensionsInScope(method.Name, call, model, cancellationToken), model, call.SpanStart), within);
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

    private IMethodSymbol? FindExtension(IMethodSymbol method, ITypeSymbol receiverType, ImmutableArray<IMethodSymbol> extensions, SemanticModel model, int position)
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
    private static bool IsInScope(IMethodSymbol extension, ITypeSymbol receiverType, SemanticModel model, int position)
    {
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

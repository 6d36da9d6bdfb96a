using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// <see cref="Mode.AddAsyncSibling"/> (issue #15): public API of a library, or a member the framework calls (an override
/// or implementation of a member in metadata), keeps its signature. <c>MAsync</c> is added next to <c>M</c> with M's body
/// awaited, <c>M</c> becomes <c>=&gt; MAsync(...).GetAwaiter().GetResult()</c>, and callers in async code switch to
/// <c>await MAsync(...)</c>. An <c>IDisposable.Dispose</c> that waits gets <c>IAsyncDisposable</c> the same way, with
/// <c>using</c> in async code turned into <c>await using</c>.
/// </summary>
internal sealed partial class AsyncConversion
{
    private readonly Dictionary<ISymbol, WrapPlan> _wrapping = new(SymbolEqualityComparer.Default);

    /// <summary>What the wrapper fix and the breaking conversion are called for the wait at a span.</summary>
    public sealed record SiblingInfo(string Method, bool IsDispose, bool IsPublicApiOfLibrary, string? Title = null);

    public static async Task<SiblingInfo?> InspectSiblingAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null || !TryFindCall(root, model, span, out var call, cancellationToken))
        {
            return null;
        }

        var enclosing = AsyncContext.EnclosingFunction(call.Operation.Syntax);
        if (enclosing is not null && AccessorWrapperTitle(enclosing, model, cancellationToken) is { } accessorTitle)
        {
            var property = model.GetDeclaredSymbol(WrappableAccessor(enclosing)!.Value.Property, cancellationToken)!;
            return new SiblingInfo(property.Name, false, IsPublicApiOfLibrary(property, model.Compilation), accessorTitle);
        }

        if (enclosing is ConstructorDeclarationSyntax constructor && model.GetDeclaredSymbol(constructor, cancellationToken) is { } created)
        {
            return new SiblingInfo(created.ContainingType.Name, false, IsPublicApiOfLibrary(created, model.Compilation), $"Add '{FactoryName}' and keep the constructor as a wrapper");
        }

        if (enclosing is null
            || (enclosing as MethodDeclarationSyntax ?? SyncMethodAroundParallelForEach(enclosing, model, cancellationToken)) is not { } function
            || model.GetDeclaredSymbol(function, cancellationToken) is not { } method)
        {
            return null;
        }

        var title = InheritedAsyncSibling(method) is not null && IsNameTaken(method, method.Name + AsyncSuffix, anyParameters: true)
            ? $"Override '{method.Name}{AsyncSuffix}' and keep '{method.Name}' as a wrapper"
            : null;
        return new SiblingInfo(method.Name, IsDisposeImplementation(method, model.Compilation), IsPublicApiOfLibrary(method, model.Compilation), title);
    }

    private static bool IsDisposeImplementation(IMethodSymbol method, Compilation compilation) =>
        method is { Name: "Dispose", Parameters.IsEmpty: true, ReturnsVoid: true, IsStatic: false }
        && compilation.GetSpecialType(SpecialType.System_IDisposable) is { } disposable
        && disposable.GetMembers("Dispose").FirstOrDefault() is IMethodSymbol dispose
        && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(dispose), method);

    /// <summary>Plans <c>MAsync</c> beside <paramref name="method"/>, the forward, and the callers; false when it cannot be.</summary>
    private async Task<bool> TryWrapAsync(IMethodSymbol method)
    {
        method = (IMethodSymbol)method.OriginalDefinition;
        if (_wrapping.ContainsKey(method))
        {
            return true;
        }

        if (_notConvertible.Contains(method)
            || method.DeclaringSyntaxReferences.Length != 1
            || _solution.GetDocument(method.DeclaringSyntaxReferences[0].SyntaxTree) is not { } document
            || await GetDocumentAsync(document.Id).ConfigureAwait(false) is not var (model, _)
            || method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not MethodDeclarationSyntax declaration
            || !await CanWrapAsync(method, declaration, model, document).ConfigureAwait(false))
        {
            _notConvertible.Add(method);
            return false;
        }

        var isDispose = IsDisposeImplementation(method, model.Compilation);
        var inherited = isDispose ? null : InheritedAsyncSibling(method);
        var isIterator = AsyncContext.IsIterator(declaration);
        var plan = new WrapPlan(declaration, method.Name + AsyncSuffix, isDispose, HasSingleMemberNamed(method), new SyntaxAnnotation(), inherited)
        {
            IsIterator = isIterator,
            BlockingEnumerableInScope = isIterator && BlockingEnumerableInScope(model, declaration),
        };
        _wrapping[method] = plan;
        AddEdit(document.Id, declaration, current => current.WithAdditionalAnnotations(plan.Annotation), isDeclaration: true);
        AddWaitsOf(document.Id, declaration, model);
        if (inherited is not null && inherited.Parameters.Length > method.Parameters.Length)
        {
            PassTokenToCalls(document.Id, declaration, model);
        }

        if (_decisionsOnly)
        {
            return true;
        }

        if (isDispose && declaration.Parent is TypeDeclarationSyntax type)
        {
            AddEdit(document.Id, type, current => WithAsyncDisposable((TypeDeclarationSyntax)current), isDeclaration: true);
            await AddAwaitUsingsAsync(method.ContainingType, document.Project.Id).ConfigureAwait(false);
        }

        if (isIterator)
        {
            await AddAwaitForeachCallersAsync(method, plan.NewName).ConfigureAwait(false);
        }
        else if (inherited is null || CallersCanAwait(method, inherited))
        {
            await AddAwaitedCallersAsync(method, plan.NewName).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<bool> CanWrapAsync(IMethodSymbol method, MethodDeclarationSyntax declaration, SemanticModel model, Document document)
    {
        if (method.MethodKind != MethodKind.Ordinary
            || method.IsAsync || method.IsAbstract || method.IsExtern || IsMain(method)
            || (method.IsVirtual && !method.IsOverride)
            || method.ReturnsByRef || method.ReturnsByRefReadonly
            || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
            || !method.ExplicitInterfaceImplementations.IsEmpty
            || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct }
            || method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType)
            || KnownTypes.IsAwaitable(method.ReturnType)
            || method.Name.EndsWith(AsyncSuffix, StringComparison.Ordinal)
            || (AsyncContext.IsIterator(declaration) ? !CanWrapIterator(method, declaration, model.Compilation) : !AsyncContext.AwaitAllowedAt(declaration, declaration))
            || ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is not { } body
            || HoldsRefLikeState(body, model))
        {
            return false;
        }

        // An override of a member in source, or one that a type in source overrides again: the family is converted
        // together by Make async, or not at all.
        if (method.IsOverride
            && (method.OverriddenMethod is not { } overridden
                || !overridden.Locations.All(l => l.IsInMetadata)
                || (!method.IsSealed && !method.ContainingType.IsSealed
                    && (await SymbolFinder.FindOverridesAsync(method, _solution, cancellationToken: _cancellationToken).ConfigureAwait(false)).Any())))
        {
            return false;
        }

        if (IsDisposeImplementation(method, model.Compilation))
        {
            return model.Compilation.GetTypeByMetadataName(WellKnownTypeNames.IAsyncDisposable) is { } asyncDisposable
                && !method.ContainingType.AllInterfaces.Contains(asyncDisposable, SymbolEqualityComparer.Default)
                && !IsNameTaken(method, "DisposeAsync", anyParameters: true);
        }

        var forFramework = method.IsOverride || ImplementsMetadataInterfaceMember(method);
        if (IsNameTaken(method, method.Name + AsyncSuffix, anyParameters: forFramework))
        {
            // A framework override whose async sibling is inherited overrides that sibling (AsyncConversion.FrameworkOverride.cs).
            return method.IsOverride && InheritedAsyncSibling(method) is not null;
        }

        return forFramework || !MayChangeSignature(method, document, declaration.SyntaxTree, model.Compilation);
    }

    private static bool ImplementsMetadataInterfaceMember(IMethodSymbol method) =>
        method.ContainingType.AllInterfaces
            .Where(i => i.Locations.All(l => l.IsInMetadata))
            .SelectMany(i => i.GetMembers(method.Name).OfType<IMethodSymbol>())
            .Any(member => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method));

    /// <summary>
    /// A member named <paramref name="name"/> on the type or a base type: any member for a framework member (an
    /// inherited <c>FlushAsync</c> is the framework's sibling), else one with M's parameters (with or without a trailing
    /// CancellationToken, or more that are optional) or that is not a method.
    /// </summary>
    private static bool IsNameTaken(IMethodSymbol method, string name, bool anyParameters)
    {
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (anyParameters || member is not IMethodSymbol other || SameParameters(method, other))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool SameParameters(IMethodSymbol method, IMethodSymbol other)
    {
        // An overload that a call with M's arguments can bind (optional or params parameters after them): the new
        // sibling could take over its calls.
        var count = method.Parameters.Length;
        if (other.Parameters.Length > count && other.Parameters.Skip(count).All(p => p.IsOptional || p.IsParams))
        {
            return true;
        }

        var extra = other.Parameters.Length - method.Parameters.Length;
        if (extra is not (0 or 1)
            || (extra == 1 && other.Parameters[other.Parameters.Length - 1].Type.Name != nameof(CancellationToken)))
        {
            return false;
        }

        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var (mine, theirs) = (method.Parameters[i].Type, other.Parameters[i].Type);
            if (!SymbolEqualityComparer.Default.Equals(mine, theirs)
                && !(mine.TypeKind == TypeKind.TypeParameter && theirs.TypeKind == TypeKind.TypeParameter))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasSingleMemberNamed(IMethodSymbol method) => method.ContainingType.GetMembers(method.Name).Length == 1;

    /// <summary>
    /// Each call of <paramref name="method"/> itself (not of the member it overrides or implements) that can await:
    /// in async code, or in a method this run wraps (its body becomes the sibling's), <c>await MAsync(...)</c>.
    /// </summary>
    private async Task AddAwaitedCallersAsync(IMethodSymbol method, string newName)
    {
        foreach (var (documentId, model, invocation) in await DirectCallsAsync(method).ConfigureAwait(false))
        {
            if (AsyncContext.EnclosingFunction(invocation) is not { } callerFunction
                || !AsyncContext.AwaitAllowedAt(invocation, callerFunction)
                || AsyncContext.IsInConditionalAccess(invocation))
            {
                continue;
            }

            var kind = AsyncContext.Classify(callerFunction);
            var caller = kind == FunctionKind.SyncMethod && callerFunction is MethodDeclarationSyntax
                ? model.GetDeclaredSymbol(callerFunction, _cancellationToken)?.OriginalDefinition
                : null;
            if (kind is FunctionKind.Async or FunctionKind.TopLevel || caller is not null)
            {
                // Decided when the edits are applied: by then every method of the run is planned.
                AddEdit(documentId, invocation, current => kind is FunctionKind.Async or FunctionKind.TopLevel || _wrapping.ContainsKey(caller!)
                    ? AwaitRewrite.Await(SyntaxEdits.RenameCall((InvocationExpressionSyntax)current, newName), current)
                    : current);
            }
        }
    }

    /// <summary>
    /// Each call of <paramref name="method"/> itself (also as a reduced extension), once per place in source: linked copies
    /// of a file in other target frameworks' projects are left to the copy the search found first.
    /// </summary>
    private async Task<List<(DocumentId Document, SemanticModel Model, InvocationExpressionSyntax Invocation)>> DirectCallsAsync(IMethodSymbol method)
    {
        var calls = new List<(DocumentId, SemanticModel, InvocationExpressionSyntax)>();
        var references = await ReferenceSearch.FindReferencesAsync(method, _solution, _cancellationToken).ConfigureAwait(false);
        var project = ProjectOf(method);
        foreach (var location in DistinctLocations(references))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (location.IsImplicit || IsLinkedCopyOfAFileIn(location.Document, project) || await GetDocumentAsync(location.Document.Id).ConfigureAwait(false) is not var (model, root))
            {
                continue;
            }

            var name = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            var expression = name.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == name ? memberAccess : name;
            if (expression.Parent is InvocationExpressionSyntax invocation
                && invocation.Expression == expression
                && model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol called
                && SymbolEqualityComparer.Default.Equals((called.ReducedFrom ?? called).OriginalDefinition, method))
            {
                calls.Add((location.Document.Id, model, invocation));
            }
        }

        return calls;
    }

    /// <summary><c>using</c> of <paramref name="type"/> in async code, in its project and the projects that use it: <c>await using</c>.</summary>
    private async Task AddAwaitUsingsAsync(INamedTypeSymbol type, ProjectId declaringProject)
    {
        var projects = new[] { declaringProject }.Concat(_solution.GetProjectDependencyGraph().GetProjectsThatTransitivelyDependOnThisProject(declaringProject));
        foreach (var document in projects.Select(_solution.GetProject).SelectMany(p => p?.Documents ?? Enumerable.Empty<Document>()))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var root = await document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false);
            var usings = root?.DescendantNodes().Where(n =>
                n is UsingStatementSyntax { AwaitKeyword.RawKind: 0 }
                || n is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0, AwaitKeyword.RawKind: 0 }).ToList();
            if (usings is not { Count: > 0 } || await GetDocumentAsync(document.Id).ConfigureAwait(false) is not var (model, _))
            {
                continue;
            }

            foreach (var statement in usings)
            {
                var resource = statement switch
                {
                    UsingStatementSyntax { Declaration: { } declaration } => model.GetTypeInfo(declaration.Type, _cancellationToken).Type,
                    UsingStatementSyntax { Expression: { } expression } => model.GetTypeInfo(expression, _cancellationToken).Type,
                    LocalDeclarationStatementSyntax local => model.GetTypeInfo(local.Declaration.Type, _cancellationToken).Type,
                    _ => null,
                };
                if (SymbolEqualityComparer.Default.Equals(resource?.OriginalDefinition, type)
                    && AsyncContext.EnclosingFunction(statement) is { } function
                    && AsyncContext.Classify(function) is FunctionKind.Async or FunctionKind.TopLevel
                    && AsyncContext.AwaitAllowedAt(statement, function))
                {
                    AddEdit(document.Id, statement, WithAwaitKeyword);
                }
            }
        }
    }

    private static SyntaxNode WithAwaitKeyword(SyntaxNode current)
    {
        SyntaxToken AwaitBefore(SyntaxToken first) =>
            SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space);

        return current switch
        {
            UsingStatementSyntax statement => statement
                .WithAwaitKeyword(AwaitBefore(statement.UsingKeyword))
                .WithUsingKeyword(statement.UsingKeyword.WithLeadingTrivia(SyntaxTriviaList.Empty)),
            LocalDeclarationStatementSyntax local => local
                .WithAwaitKeyword(AwaitBefore(local.UsingKeyword))
                .WithUsingKeyword(local.UsingKeyword.WithLeadingTrivia(SyntaxTriviaList.Empty)),
            _ => current,
        };
    }

    /// <summary><c>class C : IDisposable</c> → <c>class C : IDisposable, IAsyncDisposable</c>.</summary>
    private static SyntaxNode WithAsyncDisposable(TypeDeclarationSyntax type)
    {
        var added = SyntaxFactory.SimpleBaseType(
            SyntaxFactory.ParseTypeName("global::System.IAsyncDisposable").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        if (type.BaseList is { } baseList)
        {
            var last = baseList.Types.Last();
            var types = baseList.Types
                .Replace(last, last.WithoutTrailingTrivia())
                .Add(added.WithTrailingTrivia(last.GetTrailingTrivia()));
            return type.WithBaseList(baseList.WithTypes(types));
        }

        var before = (type.TypeParameterList?.GetLastToken() ?? type.Identifier);
        var created = SyntaxFactory.BaseList(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(added.WithTrailingTrivia(before.TrailingTrivia)))
            .WithColonToken(SyntaxFactory.Token(SyntaxKind.ColonToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space));
        return type.ReplaceToken(before, before.WithTrailingTrivia(SyntaxTriviaList.Empty)).WithBaseList(created);
    }

    /// <summary>
    /// After the edits: each wrapped declaration (its body awaited by then) becomes the forward <c>M</c> and, after it,
    /// the sibling <c>MAsync</c>.
    /// </summary>
    private SyntaxNode SplitWrappers(SyntaxNode root)
    {
        foreach (var plan in _wrapping.Values)
        {
            if (root.GetAnnotatedNodes(plan.Annotation).FirstOrDefault() is not MethodDeclarationSyntax current)
            {
                continue;
            }

            var endOfLine = SyntaxEdits.EndOfLine(root);
            root = root.ReplaceNode(current, new SyntaxNode[] { Forward(plan), Sibling(current, plan, endOfLine) });
        }

        return SplitAccessorWrappers(root);
    }

    /// <summary><c>M(a, b) =&gt; MAsync(a, b).GetAwaiter().GetResult();</c>: M's signature, attributes and doc comment kept.</summary>
    private static MethodDeclarationSyntax Forward(WrapPlan plan)
    {
        var original = plan.Declaration;
        SimpleNameSyntax name = original.TypeParameterList is { } typeParameters
            ? SyntaxFactory.GenericName(SyntaxFactory.Identifier(plan.NewName), SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList<TypeSyntax>(typeParameters.Parameters.Select(p => SyntaxFactory.IdentifierName(p.Identifier.WithoutTrivia())))))
            : SyntaxFactory.IdentifierName(plan.NewName);
        ExpressionSyntax call = SyntaxFactory.InvocationExpression(
            name,
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(original.ParameterList.Parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p.Identifier.WithoutTrivia())))
                .Concat(plan.Inherited is { } inherited && inherited.Parameters.Length > original.ParameterList.Parameters.Count ? new[] { NoneToken() } : Enumerable.Empty<ArgumentSyntax>()))));
        if (plan.IsDispose)
        {
            call = Invoke(call, "AsTask");
        }

        call = plan.IsIterator ? BlockingEnumerable(call, plan.BlockingEnumerableInScope) : Invoke(Invoke(call, "GetAwaiter"), "GetResult");
        if (original.ExpressionBody is { } arrow)
        {
            return original.WithExpressionBody(arrow.WithExpression(call.WithTriviaFrom(arrow.Expression)));
        }

        var body = original.Body!;
        var beforeBody = body.GetFirstToken().GetPreviousToken();
        var keepsComment = beforeBody.TrailingTrivia.Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia));
        var trimmed = keepsComment ? original : original.ReplaceToken(beforeBody, beforeBody.WithTrailingTrivia(SyntaxTriviaList.Empty));
        return trimmed
            .WithBody(null)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(
                SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithLeadingTrivia(keepsComment ? SyntaxTriviaList.Empty : SyntaxFactory.TriviaList(SyntaxFactory.Space)).WithTrailingTrivia(SyntaxFactory.Space),
                call))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(body.CloseBraceToken.TrailingTrivia));
    }

    private static ExpressionSyntax Invoke(ExpressionSyntax receiver, string method) =>
        SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(method)));

    /// <summary>
    /// <c>MAsync</c>: M's body as the edits left it, <c>async</c>, <c>Task</c>/<c>Task&lt;T&gt;</c> (<c>public async
    /// ValueTask DisposeAsync()</c>), M's accessibility and static-ness without its attributes or override/new/sealed,
    /// and <c>&lt;inheritdoc cref="M"/&gt;</c> where M has a doc comment.
    /// </summary>
    private static MethodDeclarationSyntax Sibling(MethodDeclarationSyntax current, WrapPlan plan, SyntaxTrivia endOfLine)
    {
        var modifiers = plan.IsDispose
            ? SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            : plan.Inherited is { } inherited
            ? OverrideModifiers(inherited)
            : SyntaxFactory.TokenList(current.Modifiers
                .Where(m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword or SyntaxKind.StaticKeyword or SyntaxKind.ReadOnlyKeyword)
                .Select(m => m.WithLeadingTrivia(SyntaxTriviaList.Empty).WithTrailingTrivia(SyntaxFactory.Space)));
        var sibling = current
            .WithoutAnnotations(plan.Annotation)
            .WithAttributeLists(default)
            .WithModifiers(modifiers);
        if (plan.Inherited is { } overridden)
        {
            sibling = sibling.WithParameterList(OverrideParameters(sibling.ParameterList, overridden, plan.Declaration.ParameterList.Parameters.Count));
        }

        var isVoid = current.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
        sibling = (MethodDeclarationSyntax)SyntaxEdits.WithAsync(
            sibling,
            returnType => plan.IsDispose
                ? SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.ValueTask").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                : plan.IsIterator ? AsyncEnumerableOf(returnType) : TaskOf(isVoid ? null : returnType),
            plan.NewName);

        var original = plan.Declaration;
        var indentation = original.GetLeadingTrivia().LastOrDefault() is { RawKind: (int)SyntaxKind.WhitespaceTrivia } whitespace ? whitespace.ToString() : string.Empty;
        var leading = new List<SyntaxTrivia> { endOfLine };
        if (original.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)))
        {
            leading.AddRange(SyntaxFactory.ParseLeadingTrivia($"{indentation}/// <inheritdoc cref=\"{Cref(original, plan)}\"/>{endOfLine}"));
        }

        leading.Add(SyntaxFactory.Whitespace(indentation));
        return sibling.WithLeadingTrivia(leading).WithAdditionalAnnotations(MadeAsync);
    }

    /// <summary><c>M</c>, or <c>M(int, List{T})</c> where M is overloaded.</summary>
    private static string Cref(MethodDeclarationSyntax original, WrapPlan plan) =>
        plan.IsSingleMember
            ? original.Identifier.ValueText
            : original.Identifier.ValueText + "(" + string.Join(", ", original.ParameterList.Parameters.Select(p => p.Type?.ToString().Replace('<', '{').Replace('>', '}'))) + ")";

    private sealed record WrapPlan(MethodDeclarationSyntax Declaration, string NewName, bool IsDispose, bool IsSingleMember, SyntaxAnnotation Annotation, IMethodSymbol? Inherited = null)
    {
        /// <summary>An iterator: the sibling is an async iterator, the forward <c>ToBlockingEnumerable()</c>.</summary>
        public bool IsIterator { get; init; }

        public bool BlockingEnumerableInScope { get; init; }
    }
}

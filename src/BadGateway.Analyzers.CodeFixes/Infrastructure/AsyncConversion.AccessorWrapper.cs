using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// <see cref="Mode.AddAsyncSibling"/> for accessors (issue #15): a getter, setter or indexer accessor that waits keeps
/// the property and forwards to a new method holding its body awaited: <c>get =&gt; GetXAsync().GetAwaiter().GetResult();</c>
/// with <c>async Task&lt;T&gt; GetXAsync()</c>, <c>set =&gt; SetXAsync(value).GetAwaiter().GetResult();</c> with
/// <c>async Task SetXAsync(T value)</c>; an indexer's accessors use its metadata name (<c>GetItemAsync(int row)</c>,
/// <c>SetItemAsync(int row, T value)</c>). In async code, reads become <c>await x.GetXAsync()</c> and assignments that
/// are whole statements <c>await x.SetXAsync(v);</c>; every other use stays on the property.
/// </summary>
internal sealed partial class AsyncConversion
{
    private readonly Dictionary<ISymbol, AccessorWrapPlan> _accessorWrapping = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, SyntaxAnnotation> _wrappedProperties = new(SymbolEqualityComparer.Default);

    /// <summary>The property or indexer whose accessor <paramref name="function"/> is (<c>get { }</c>, <c>set =&gt;</c>, <c>X =&gt; ...</c>), and whether it is the setter.</summary>
    private static (BasePropertyDeclarationSyntax Property, bool IsSetter)? WrappableAccessor(SyntaxNode? function) => function switch
    {
        AccessorDeclarationSyntax { Parent.Parent: BasePropertyDeclarationSyntax property and (PropertyDeclarationSyntax or IndexerDeclarationSyntax) } accessor
            when accessor.IsKind(SyntaxKind.GetAccessorDeclaration) || accessor.IsKind(SyntaxKind.SetAccessorDeclaration)
            => (property, accessor.IsKind(SyntaxKind.SetAccessorDeclaration)),
        ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax property and (PropertyDeclarationSyntax or IndexerDeclarationSyntax) } => (property, false),
        _ => null,
    };

    /// <summary>What the provider names: the property, or <c>this[]</c>.</summary>
    private static string? WrappableAccessorName(SyntaxNode? function) => WrappableAccessor(function)?.Property switch
    {
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        IndexerDeclarationSyntax => "this[]",
        _ => null,
    };

    /// <summary>The title of the wrapper for an accessor: "Add 'GetValueAsync' and keep 'Value' as a wrapper".</summary>
    private static string? AccessorWrapperTitle(SyntaxNode function, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (WrappableAccessor(function) is not var (property, isSetter)
            || model.GetDeclaredSymbol(property, cancellationToken) is not IPropertySymbol symbol)
        {
            return null;
        }

        var kept = symbol.IsIndexer ? "the indexer" : $"'{symbol.Name}'";
        return $"Add '{AccessorSiblingName(symbol, isSetter)}' and keep {kept} as a wrapper";
    }

    private static string AccessorSiblingName(IPropertySymbol property, bool isSetter) =>
        (isSetter ? "Set" : "Get") + (property.IsIndexer ? property.MetadataName : property.Name) + AsyncSuffix;

    private async Task<bool> TryWrapAccessorAsync(DocumentId documentId, SyntaxNode function, SemanticModel model)
    {
        if (WrappableAccessor(function) is not var (property, isSetter)
            || model.GetDeclaredSymbol(property, _cancellationToken) is not IPropertySymbol symbol
            || (isSetter ? symbol.SetMethod : symbol.GetMethod) is not { } accessor
            || _solution.GetDocument(documentId) is not { } document)
        {
            return false;
        }

        if (_accessorWrapping.ContainsKey(accessor))
        {
            return true;
        }

        if (_notConvertible.Contains(accessor) || !CanWrapAccessor(symbol, accessor, property, function, model, document))
        {
            _notConvertible.Add(accessor);
            return false;
        }

        if (!_wrappedProperties.TryGetValue(symbol, out var propertyAnnotation))
        {
            _wrappedProperties[symbol] = propertyAnnotation = new SyntaxAnnotation();
            AddEdit(documentId, property, current => current.WithAdditionalAnnotations(propertyAnnotation), isDeclaration: true);
        }

        var plan = new AccessorWrapPlan(AccessorSiblingName(symbol, isSetter), isSetter, propertyAnnotation, new SyntaxAnnotation());
        _accessorWrapping[accessor] = plan;
        AddEdit(documentId, function, current => current.WithAdditionalAnnotations(plan.Annotation), isDeclaration: true);
        AddWaitsOf(documentId, function, model);
        if (!_decisionsOnly)
        {
            await AddAccessorCallersAsync(symbol, plan, document.Project.Id).ConfigureAwait(false);
        }

        return true;
    }

    private bool CanWrapAccessor(IPropertySymbol symbol, IMethodSymbol accessor, BasePropertyDeclarationSyntax property, SyntaxNode function, SemanticModel model, Document document)
    {
        var type = symbol.ContainingType;
        if (type.TypeKind != TypeKind.Class
            || symbol.IsAbstract || symbol.IsExtern || (symbol.IsVirtual && !symbol.IsOverride)
            || (symbol.IsOverride && !symbol.IsSealed && !type.IsSealed)
            || !symbol.ExplicitInterfaceImplementations.IsEmpty
            || accessor.IsInitOnly
            || symbol.ReturnsByRef || symbol.ReturnsByRefReadonly
            || symbol.Type.IsRefLikeType || IsAwaitable(symbol.Type)
            || symbol.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType)
            || property.Modifiers.Any(SyntaxKind.PartialKeyword)
            || !AsyncContext.AwaitAllowedAt(function, function))
        {
            return false;
        }

        var body = function is AccessorDeclarationSyntax declaration ? (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody : function;
        if (body is null
            || body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).Any(n => n is YieldStatementSyntax)
            || HoldsRefLikeState(body, model))
        {
            return false;
        }

        var name = AccessorSiblingName(symbol, accessor.MethodKind == MethodKind.PropertySet);
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (!current.GetMembers(name).IsEmpty)
            {
                return false;
            }
        }

        // A get-only property that may change its signature gets "Make 'X' async" (GetXAsync replaces it) instead.
        return accessor.MethodKind == MethodKind.PropertySet
            || symbol.IsIndexer
            || symbol.SetMethod is not null
            || !MayChangeSignature(symbol, document, property.SyntaxTree, model.Compilation);
    }

    /// <summary>Reads (for a getter) or whole-statement assignments (for a setter) of the property in async code, in its project and the projects that use it.</summary>
    private async Task AddAccessorCallersAsync(IPropertySymbol property, AccessorWrapPlan plan, ProjectId declaringProject)
    {
        // Only the documents the reference search (the solution's identifier indexes, shared with the other plans) finds
        // the property in are walked: walking every document's tree was most of the wrapper's plan (issue #16).
        var referencing = new HashSet<DocumentId>();
        foreach (var referenced in await ReferenceSearch.FindReferencesAsync(property, _solution, _cancellationToken).ConfigureAwait(false))
        {
            referencing.UnionWith(referenced.Locations.Select(l => l.Document.Id));
        }

        var projects = new[] { declaringProject }.Concat(_solution.GetProjectDependencyGraph().GetProjectsThatTransitivelyDependOnThisProject(declaringProject));
        foreach (var document in projects.Select(_solution.GetProject).SelectMany(p => p?.Documents ?? Enumerable.Empty<Document>()))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!referencing.Contains(document.Id)
                || IsLinkedCopyOfAFileIn(document, declaringProject)
                || await document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var uses = property.IsIndexer
                ? root.DescendantNodes().OfType<ElementAccessExpressionSyntax>().Cast<ExpressionSyntax>()
                : root.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == property.Name)
                    .Select(n => n.Parent is MemberAccessExpressionSyntax access && access.Name == n ? access : (ExpressionSyntax)n);
            var candidates = uses.Where(u => plan.IsSetter ? IsStatementAssignmentTarget(u) : IsReadOnlyUse(u)).ToList();
            if (candidates.Count == 0 || await GetDocumentAsync(document.Id).ConfigureAwait(false) is not var (model, _))
            {
                continue;
            }

            foreach (var use in candidates)
            {
                if (AsyncContext.EnclosingFunction(use) is not { } function
                    || AsyncContext.Classify(function) is not (FunctionKind.Async or FunctionKind.TopLevel)
                    || !AsyncContext.AwaitAllowedAt(use, function)
                    || AsyncContext.IsInConditionalAccess(use)
                    || use is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax }
                    || use is ElementAccessExpressionSyntax { Expression: BaseExpressionSyntax }
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use, _cancellationToken).Symbol?.OriginalDefinition, property))
                {
                    continue;
                }

                if (plan.IsSetter)
                {
                    var assignment = (AssignmentExpressionSyntax)use.Parent!;
                    AddEdit(document.Id, assignment, current => SetterCall((AssignmentExpressionSyntax)current, plan.NewName));
                }
                else
                {
                    AddEdit(document.Id, use, current => AwaitRewrite.Await(GetterCall((ExpressionSyntax)current, plan.NewName), current));
                }
            }
        }
    }

    /// <summary>A read that a call can replace: not written (assigned, incremented, passed by ref), named or conditionally accessed.</summary>
    private static bool IsReadOnlyUse(ExpressionSyntax use) =>
        (use is ElementAccessExpressionSyntax || IsPlainRead(use))
        && use.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left != use,
            PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => false,
            ArgumentSyntax argument => argument.RefKindKeyword.IsKind(SyntaxKind.None),
            RefExpressionSyntax or MemberBindingExpressionSyntax => false,
            _ => true,
        };

    /// <summary><c>x.P = v;</c> or <c>t[i] = v;</c> as a statement of its own.</summary>
    private static bool IsStatementAssignmentTarget(ExpressionSyntax use) =>
        use.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax } assignment
        && assignment.Left == use;

    /// <summary><c>x.P</c> → <c>x.GetPAsync()</c>, <c>P</c> → <c>GetPAsync()</c>, <c>t[i, j]</c> → <c>t.GetItemAsync(i, j)</c>.</summary>
    private static InvocationExpressionSyntax GetterCall(ExpressionSyntax use, string newName, ArgumentSyntax? value = null)
    {
        var (target, arguments) = use switch
        {
            ElementAccessExpressionSyntax element => (
                (ExpressionSyntax)SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, element.Expression.WithoutTrivia(), SyntaxFactory.IdentifierName(newName)),
                SyntaxFactory.ArgumentList(element.ArgumentList.Arguments)),
            MemberAccessExpressionSyntax access => (access.WithName(SyntaxFactory.IdentifierName(newName)).WithoutTrivia(), SyntaxFactory.ArgumentList()),
            _ => (SyntaxFactory.IdentifierName(newName), SyntaxFactory.ArgumentList()),
        };
        if (value is not null)
        {
            arguments = arguments.AddArguments(value);
        }

        return SyntaxFactory.InvocationExpression(target, arguments).WithTriviaFrom(use);
    }

    /// <summary><c>x.P = v</c> → <c>await x.SetPAsync(v)</c> (the statement around stays).</summary>
    private static ExpressionSyntax SetterCall(AssignmentExpressionSyntax assignment, string newName) =>
        SyntaxFactory.AwaitExpression(GetterCall(assignment.Left.WithoutTrivia(), newName, SyntaxFactory.Argument(assignment.Right.WithoutTrivia())))
            .WithTriviaFrom(assignment);

    /// <summary>After the edits: each wrapped accessor forwards, and its sibling follows the property.</summary>
    private SyntaxNode SplitAccessorWrappers(SyntaxNode root)
    {
        foreach (var propertyAnnotation in _wrappedProperties.Values)
        {
            if (root.GetAnnotatedNodes(propertyAnnotation).FirstOrDefault() is not BasePropertyDeclarationSyntax property)
            {
                continue;
            }

            var endOfLine = SyntaxEdits.EndOfLine(root);
            var plans = _accessorWrapping.Values.Where(p => p.PropertyAnnotation == propertyAnnotation).OrderBy(p => p.IsSetter).ToList();
            var siblings = new List<MemberDeclarationSyntax>();
            var current = property;
            foreach (var plan in plans)
            {
                if (current.GetAnnotatedNodes(plan.Annotation).FirstOrDefault() is not { } accessor)
                {
                    continue;
                }

                siblings.Add(AccessorSibling(current, accessor, plan, endOfLine));
                current = current.ReplaceNode(accessor, AccessorForward(current, accessor, plan));
            }

            // A getter's sibling written by an earlier fix stays first, so one-by-one and Fix All give the same order.
            var getterSibling = NextMember(property) is MethodDeclarationSyntax next
                && plans.All(p => p.IsSetter)
                && next.Identifier.ValueText == "Get" + plans[0].NewName.Substring(3)
                ? next
                : null;
            if (getterSibling is null)
            {
                root = root.ReplaceNode(property, new SyntaxNode[] { current }.Concat(siblings));
                continue;
            }

            var anchor = new SyntaxAnnotation();
            root = root.ReplaceNodes(new SyntaxNode[] { property, getterSibling }, (original, rewritten) => original == property ? current : rewritten.WithAdditionalAnnotations(anchor));
            root = root.InsertNodesAfter(root.GetAnnotatedNodes(anchor).First(), siblings);
        }

        return root;
    }

    private static MemberDeclarationSyntax? NextMember(SyntaxNode member) =>
        member.Parent is TypeDeclarationSyntax type && type.Members.IndexOf((MemberDeclarationSyntax)member) is var index and >= 0 && index + 1 < type.Members.Count
            ? type.Members[index + 1]
            : null;

    /// <summary>The arguments the forward passes: the indexer's parameters, then <c>value</c> for a setter.</summary>
    private static ArgumentListSyntax ForwardArguments(BasePropertyDeclarationSyntax property, bool isSetter)
    {
        var names = (property is IndexerDeclarationSyntax indexer ? indexer.ParameterList.Parameters.Select(p => p.Identifier.ValueText) : Enumerable.Empty<string>())
            .Concat(isSetter ? new[] { "value" } : Enumerable.Empty<string>());
        return SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(names.Select(n => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(n)))));
    }

    private static SyntaxNode AccessorForward(BasePropertyDeclarationSyntax property, SyntaxNode accessor, AccessorWrapPlan plan)
    {
        var call = Invoke(Invoke(SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName(plan.NewName), ForwardArguments(property, plan.IsSetter)), "GetAwaiter"), "GetResult");
        if (accessor is ArrowExpressionClauseSyntax arrow)
        {
            return arrow.WithExpression(call.WithTriviaFrom(arrow.Expression));
        }

        var declaration = (AccessorDeclarationSyntax)accessor;
        if (declaration.ExpressionBody is { } expressionBody)
        {
            return declaration.WithExpressionBody(expressionBody.WithExpression(call.WithTriviaFrom(expressionBody.Expression)));
        }

        var body = declaration.Body!;
        return declaration
            .WithKeyword(declaration.Keyword.WithTrailingTrivia(SyntaxFactory.Space))
            .WithBody(null)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space), call))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(body.CloseBraceToken.TrailingTrivia));
    }

    /// <summary>
    /// <c>async Task&lt;T&gt; GetXAsync(indexer parameters)</c> / <c>async Task SetXAsync(..., T value)</c> with the
    /// accessor's body as the edits left it (a block of one <c>return</c> or expression statement without comments
    /// becomes an expression body), the accessor's accessibility (else the property's) and the property's static-ness.
    /// </summary>
    private static MethodDeclarationSyntax AccessorSibling(BasePropertyDeclarationSyntax property, SyntaxNode accessor, AccessorWrapPlan plan, SyntaxTrivia endOfLine)
    {
        var declaration = accessor as AccessorDeclarationSyntax;
        var accessibility = declaration?.Modifiers.Where(m => SyntaxFacts.IsAccessibilityModifier(m.Kind())).ToList() is { Count: > 0 } own
            ? own
            : property.Modifiers.Where(m => SyntaxFacts.IsAccessibilityModifier(m.Kind())).ToList();
        var modifiers = accessibility
            .Concat(property.Modifiers.Where(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.UnsafeKeyword)))
            .Select(m => SyntaxFactory.Token(m.Kind()).WithTrailingTrivia(SyntaxFactory.Space))
            .Append(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space));

        var parameters = property is IndexerDeclarationSyntax indexer
            ? indexer.ParameterList.Parameters.Select(p => p.WithoutTrivia()).ToList()
            : new List<ParameterSyntax>();
        if (plan.IsSetter)
        {
            parameters.Add(SyntaxFactory.Parameter(SyntaxFactory.Identifier("value")).WithType(property.Type.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space)));
        }

        var method = SyntaxFactory.MethodDeclaration(TaskOf(plan.IsSetter ? null : property.Type.WithoutTrivia()).WithTrailingTrivia(SyntaxFactory.Space), plan.NewName)
            .WithModifiers(SyntaxFactory.TokenList(modifiers))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters, Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), System.Math.Max(0, parameters.Count - 1)))));

        var arrow = accessor as ArrowExpressionClauseSyntax ?? declaration!.ExpressionBody;
        var body = declaration?.Body;
        if (body is { Statements.Count: 1 } && !body.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)))
        {
            var expression = body.Statements[0] switch
            {
                ReturnStatementSyntax { Expression: { } returned } => returned,
                ExpressionStatementSyntax statement => statement.Expression,
                _ => null,
            };
            if (expression is not null)
            {
                arrow = SyntaxFactory.ArrowExpressionClause(expression.WithoutTrivia());
                body = null;
            }
        }

        method = body is not null
            ? method.WithBody(body.WithoutTrivia())
            : method.WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space), arrow!.Expression.WithoutTrivia()))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));

        var indentation = property.GetLeadingTrivia().LastOrDefault() is { RawKind: (int)SyntaxKind.WhitespaceTrivia } whitespace ? whitespace : SyntaxFactory.Whitespace(string.Empty);
        return method
            .WithLeadingTrivia(endOfLine, indentation)
            .WithTrailingTrivia(endOfLine)
            .WithAdditionalAnnotations(Formatter.Annotation, MadeAsync);
    }

    private sealed record AccessorWrapPlan(string NewName, bool IsSetter, SyntaxAnnotation PropertyAnnotation, SyntaxAnnotation Annotation);
}

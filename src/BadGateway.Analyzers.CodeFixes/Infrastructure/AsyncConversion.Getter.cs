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
/// A get-only property whose getter waits becomes a method <c>GetXAsync()</c> returning <c>Task&lt;T&gt;</c> (async,
/// awaiting), and every reading of the property a call: <c>x.Name</c> → <c>await x.GetNameAsync()</c> in async code,
/// the sync method around converted as "Make 'M' async" does, a blocking boundary elsewhere. Only where nothing but
/// plain reads refer to the property (no <c>nameof</c>, pattern, assignment, anonymous-type or tuple name) and no
/// attribute marks it (serializers and binders find properties by reflection).
/// </summary>
internal sealed partial class AsyncConversion
{
    /// <summary>The property whose getter is <paramref name="function"/> (<c>get { }</c>, <c>get =&gt;</c>, <c>X =&gt; ...</c>).</summary>
    private static PropertyDeclarationSyntax? GetterProperty(SyntaxNode? function) => function switch
    {
        AccessorDeclarationSyntax accessor when accessor.IsKind(SyntaxKind.GetAccessorDeclaration) && accessor.Parent?.Parent is PropertyDeclarationSyntax property => property,
        ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property } => property,
        _ => null,
    };

    private async Task<bool> TryConvertGetterAsync(DocumentId documentId, SyntaxNode function, SemanticModel model)
    {
        if (GetterProperty(function) is not { } property
            || model.GetDeclaredSymbol(property, _cancellationToken) is not { } symbol
            || _solution.GetDocument(documentId) is not { } document)
        {
            return false;
        }

        if (_converting.ContainsKey(symbol))
        {
            return true;
        }

        if (_notConvertible.Contains(symbol)
            || !CanConvertGetter(symbol, property, function, model, document)
            || GetterMethodName(symbol) is not { } newName
            || await FindPropertyReadsAsync(symbol).ConfigureAwait(false) is not { } reads)
        {
            _notConvertible.Add(symbol);
            return false;
        }

        _converting[symbol] = newName;
        var endOfLine = SyntaxEdits.EndOfLine(property.SyntaxTree.GetRoot(_cancellationToken));
        AddEdit(documentId, property, current => ToGetterMethod((PropertyDeclarationSyntax)current, newName, endOfLine).WithAdditionalAnnotations(MadeAsync), isDeclaration: true);
        AddWaitsOf(documentId, function, model);
        foreach (var (readDocument, read, isCref) in reads)
        {
            await AddReadEditAsync(readDocument, read, newName, isCref).ConfigureAwait(false);
        }

        return true;
    }

    private bool CanConvertGetter(IPropertySymbol symbol, PropertyDeclarationSyntax property, SyntaxNode function, SemanticModel model, Document document)
    {
        if (symbol.IsIndexer || symbol.SetMethod is not null || symbol.GetMethod is null
            || symbol.IsAbstract || symbol.IsVirtual || symbol.IsOverride || symbol.IsExtern
            || !symbol.ExplicitInterfaceImplementations.IsEmpty
            || symbol.ContainingType.TypeKind == TypeKind.Interface
            || symbol.ReturnsByRef || symbol.ReturnsByRefReadonly
            || symbol.Type.IsRefLikeType || IsAwaitable(symbol.Type)
            || !symbol.GetAttributes().IsEmpty || !symbol.GetMethod.GetAttributes().IsEmpty
            || property.Modifiers.Any(SyntaxKind.PartialKeyword)
            || ImplementsInterfaceProperty(symbol)
            || !AsyncContext.AwaitAllowedAt(function, function))
        {
            return false;
        }

        var body = function is AccessorDeclarationSyntax accessor ? (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody : function;
        if (body is null
            || body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).Any(n => n is YieldStatementSyntax)
            || HoldsRefLikeState(body, model))
        {
            return false;
        }

        return MayChangeSignature(symbol, document, property.SyntaxTree, model.Compilation);
    }

    private static bool ImplementsInterfaceProperty(IPropertySymbol property) =>
        property.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(property.Name).OfType<IPropertySymbol>())
            .Any(member => SymbolEqualityComparer.Default.Equals(property.ContainingType.FindImplementationForInterfaceMember(member), property));

    /// <summary><c>GetNameAsync</c>; null when the type or a base type already has a member of that name.</summary>
    private static string? GetterMethodName(IPropertySymbol property)
    {
        var name = "Get" + property.Name + AsyncSuffix;
        for (var type = property.ContainingType; type is not null; type = type.BaseType)
        {
            if (!type.GetMembers(name).IsEmpty)
            {
                return null;
            }
        }

        return name;
    }

    /// <summary>
    /// Every reference to the property, as the expression that reads it (<c>x.Name</c>, <c>Name</c>) or a <c>cref</c>;
    /// null where one is anything but a plain read.
    /// </summary>
    private async Task<List<(DocumentId Document, ExpressionSyntax Read, bool IsCref)>?> FindPropertyReadsAsync(IPropertySymbol property)
    {
        var reads = new List<(DocumentId, ExpressionSyntax, bool)>();
        var references = await ReferenceSearch.FindReferencesAsync(property, _solution, _cancellationToken).ConfigureAwait(false);
        var project = ProjectOf(property);
        foreach (var location in DistinctLocations(references))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (location.IsImplicit
                || IsLinkedCopyOfAFileIn(location.Document, project)
                || await GetDocumentAsync(location.Document.Id).ConfigureAwait(false) is not var (_, root)
                || root.FindNode(location.Location.SourceSpan, findInsideTrivia: true, getInnermostNodeForTie: true) is not IdentifierNameSyntax name)
            {
                return null;
            }

            if (name.Ancestors().Any(a => a is CrefSyntax))
            {
                reads.Add((location.Document.Id, name, true));
                continue;
            }

            var read = name.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == name ? (ExpressionSyntax)memberAccess : name;
            if (!IsPlainRead(read))
            {
                return null;
            }

            reads.Add((location.Document.Id, read, false));
        }

        return reads;
    }

    /// <summary>A read whose replacement by a call compiles and means the same: not assigned, passed by ref, named (nameof, patterns, anonymous types, tuples) or conditionally accessed.</summary>
    private static bool IsPlainRead(ExpressionSyntax read) =>
        read.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left != read,
            ArgumentSyntax argument => argument.RefKindKeyword.IsKind(SyntaxKind.None) && !(argument.NameColon is null && argument.Parent is TupleExpressionSyntax),
            AnonymousObjectMemberDeclaratorSyntax declarator => declarator.NameEquals is not null,
            MemberBindingExpressionSyntax or NameColonSyntax or ExpressionColonSyntax or NameEqualsSyntax => false,
            _ => true,
        }
        && read.Parent is not (PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } or RefExpressionSyntax)
        && !read.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    /// <summary>A read becomes an awaited call where the code around is (or can become) async, a blocking boundary elsewhere.</summary>
    private async Task AddReadEditAsync(DocumentId documentId, ExpressionSyntax read, string newName, bool isCref)
    {
        if (isCref)
        {
            AddEdit(documentId, read, current => current is SimpleNameSyntax simple ? SyntaxEdits.Rename(simple, newName) : current);
            return;
        }

        await AddCallSiteEditAsync(documentId, read, current => CallOf(current, newName)).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="site"/> becomes the call <paramref name="toCall"/> makes of it, awaited where the code around is
    /// (or can become) async, a blocking boundary elsewhere.
    /// </summary>
    private async Task AddCallSiteEditAsync(DocumentId documentId, ExpressionSyntax site, System.Func<SyntaxNode, InvocationExpressionSyntax> toCall)
    {
        if (_decisionsOnly)
        {
            return;
        }

        var read = site;
        var callerFunction = AsyncContext.EnclosingFunction(read);
        var canAwait = callerFunction is not null && AsyncContext.AwaitAllowedAt(read, callerFunction) && !AsyncContext.IsInConditionalAccess(read);
        var awaitIt = canAwait && AsyncContext.Classify(callerFunction) switch
        {
            FunctionKind.Async or FunctionKind.TopLevel => true,
            FunctionKind.SyncMethod => await TryConvertCallerAsync(documentId, callerFunction!).ConfigureAwait(false),
            _ => false,
        };
        AddEdit(documentId, read, current => awaitIt ? AwaitRewrite.Await(toCall(current), current) : Boundary(toCall(current), current));
    }

    /// <summary><c>x.Name</c> → <c>x.GetNameAsync()</c>, <c>Name</c> → <c>GetNameAsync()</c>.</summary>
    private static InvocationExpressionSyntax CallOf(SyntaxNode read, string newName)
    {
        var expression = read switch
        {
            MemberAccessExpressionSyntax memberAccess => memberAccess.WithName(SyntaxEdits.Rename(memberAccess.Name, newName)),
            SimpleNameSyntax simple => SyntaxEdits.Rename(simple, newName),
            _ => (ExpressionSyntax)read,
        };
        return SyntaxFactory.InvocationExpression(expression.WithoutTrivia()).WithTriviaFrom(read);
    }

    /// <summary>The property as <c>async Task&lt;T&gt; GetXAsync()</c> with the getter's body, its trivia, modifiers and type kept.</summary>
    private static SyntaxNode ToGetterMethod(PropertyDeclarationSyntax property, string newName, SyntaxTrivia endOfLine)
    {
        var accessor = property.AccessorList?.Accessors.FirstOrDefault();
        var arrow = property.ExpressionBody ?? accessor?.ExpressionBody;
        var identifier = SyntaxFactory.Identifier(newName).WithLeadingTrivia(property.Identifier.LeadingTrivia);
        var parameters = SyntaxFactory.ParameterList();
        MethodDeclarationSyntax method;
        if (arrow is not null)
        {
            var semicolon = property.ExpressionBody is not null
                ? property.SemicolonToken
                : accessor!.SemicolonToken.WithTrailingTrivia(property.AccessorList!.CloseBraceToken.TrailingTrivia);
            method = SyntaxFactory.MethodDeclaration(property.AttributeLists, property.Modifiers, property.Type, null, identifier, null, parameters.WithTrailingTrivia(SyntaxFactory.Space), default, null, arrow.WithArrowToken(arrow.ArrowToken.WithLeadingTrivia(SyntaxTriviaList.Empty)), semicolon);
        }
        else
        {
            var accessorList = property.AccessorList!;
            var statements = accessor!.Body!.Statements.Select(s =>
            {
                var leading = s.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia));
                var trailing = s.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia)
                    ? s.GetTrailingTrivia()
                    : SyntaxFactory.TriviaList(s.GetTrailingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia))).Add(endOfLine);
                return s.WithLeadingTrivia(leading).WithTrailingTrivia(trailing);
            });
            var body = SyntaxFactory.Block(
                    SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(accessorList.OpenBraceToken.LeadingTrivia).WithTrailingTrivia(endOfLine),
                    SyntaxFactory.List(statements),
                    SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTriviaFrom(accessorList.CloseBraceToken))
                .WithAdditionalAnnotations(Formatter.Annotation);
            method = SyntaxFactory.MethodDeclaration(property.AttributeLists, property.Modifiers, property.Type, null, identifier, null, parameters.WithTrailingTrivia(property.Identifier.TrailingTrivia), default, body, null, default);
        }

        return SyntaxEdits.WithAsync(method, returnType => TaskOf(returnType));
    }
}

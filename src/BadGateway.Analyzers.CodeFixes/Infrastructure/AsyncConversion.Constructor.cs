using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// A constructor whose last statements wait (<c>_f = t.Result;</c>, <c>_f = t.GetAwaiter().GetResult();</c>,
/// <c>t.Wait();</c>) gets a factory <c>static async Task&lt;T&gt; CreateAsync(same parameters)</c>: it creates the
/// object with the constructor, which keeps the statements before (and becomes private), then runs the waited
/// statements, awaiting, on the new object, in the same order. <c>new T(...)</c> becomes <c>await T.CreateAsync(...)</c>
/// (a blocking boundary where the caller cannot be async). Only for a non-generic, non-abstract class with no derived
/// class, no <c>typeof(T)</c> or <c>T</c> as a type argument anywhere (a DI container or reflection may create it).
/// </summary>
internal sealed partial class AsyncConversion
{
    private const string FactoryName = "CreateAsync";
    private const string CreatedName = "created";

    private static ConstructorDeclarationSyntax? ConvertibleConstructor(SyntaxNode? function) =>
        function is ConstructorDeclarationSyntax { Body: not null, Parent: ClassDeclarationSyntax } constructor
        && !constructor.Modifiers.Any(SyntaxKind.StaticKeyword)
        && constructor.Initializer?.ThisOrBaseKeyword.IsKind(SyntaxKind.ThisKeyword) != true
            ? constructor
            : null;

    private async Task<bool> TryConvertConstructorAsync(DocumentId documentId, SyntaxNode function, SemanticModel model, SyntaxNode site)
    {
        if (ConvertibleConstructor(function) is not { } constructor
            || model.GetDeclaredSymbol(constructor, _cancellationToken) is not { } symbol
            || _solution.GetDocument(documentId) is not { } document)
        {
            return false;
        }

        if (_converting.ContainsKey(symbol))
        {
            return true;
        }

        if (_notConvertible.Contains(symbol)
            || !CanConvertConstructor(symbol, constructor, model, document)
            || WaitedStatements(constructor, model) is not { Count: > 0 } moved
            || !moved.Any(m => m.Statement.Span.Contains(site.Span))
            || await IsCreatedElsewhereAsync(symbol.ContainingType).ConfigureAwait(false)
            || await FindCreationsAsync(symbol).ConfigureAwait(false) is not { } creations)
        {
            _notConvertible.Add(symbol);
            return false;
        }

        _converting[symbol] = FactoryName;
        PlanMovedStatements(documentId, constructor, model, moved);
        var marker = new SyntaxAnnotation();
        var endOfLine = SyntaxEdits.EndOfLine(constructor.SyntaxTree.GetRoot(_cancellationToken));
        AddEdit(documentId, constructor, current => current.WithAdditionalAnnotations(marker), isDeclaration: true);
        AddEdit(documentId, constructor.Parent!, current => WithFactory((TypeDeclarationSyntax)current, marker, moved.Count, endOfLine), isDeclaration: true);
        foreach (var (creationDocument, creation) in creations)
        {
            await AddCallSiteEditAsync(creationDocument, creation, current => FactoryCall((ObjectCreationExpressionSyntax)current)).ConfigureAwait(false);
        }

        return true;
    }

    private bool CanConvertConstructor(IMethodSymbol constructor, ConstructorDeclarationSyntax declaration, SemanticModel model, Document document)
    {
        var type = constructor.ContainingType;
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.IsGenericType || type.ContainingType?.IsGenericType == true
            || !type.GetMembers(FactoryName).IsEmpty
            || !constructor.GetAttributes().IsEmpty
            || constructor.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType)
            || !AsyncContext.AwaitAllowedAt(declaration, declaration)
            || ChainedFrom(constructor, model))
        {
            return false;
        }

        return MayChangeSignature(constructor, document, declaration.SyntaxTree, model.Compilation);
    }

    /// <summary>Whether another constructor of the type runs this one (<c>: this(...)</c>).</summary>
    private bool ChainedFrom(IMethodSymbol constructor, SemanticModel model) =>
        constructor.ContainingType.InstanceConstructors
            .SelectMany(c => c.DeclaringSyntaxReferences)
            .Select(r => r.GetSyntax(_cancellationToken))
            .OfType<ConstructorDeclarationSyntax>()
            .Any(c => c.Initializer is { } initializer
                && initializer.ThisOrBaseKeyword.IsKind(SyntaxKind.ThisKeyword)
                && c.SyntaxTree == model.SyntaxTree
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(initializer, _cancellationToken).Symbol, constructor));

    /// <summary>
    /// The statements that move into the factory, each with the waits in it: the last statements of the body, each an
    /// assignment of a wait to a field or settable property of the object, or a wait alone. Null when a wait is
    /// anywhere else, a statement without waits follows one with, or a moved statement reads a local or <c>base</c>.
    /// </summary>
    private List<MovedStatement>? WaitedStatements(ConstructorDeclarationSyntax constructor, SemanticModel model)
    {
        var types = KnownTypes.Create(model.Compilation);
        var moved = new List<MovedStatement>();
        foreach (var statement in constructor.Body!.Statements)
        {
            var waits = new List<(SyntaxNode Node, System.Func<SyntaxNode, SyntaxNode> Rewrite)>();
            foreach (var node in statement.DescendantNodesAndSelf().Where(n => n is MemberAccessExpressionSyntax or InvocationExpressionSyntax))
            {
                if (model.GetOperation(node, _cancellationToken) is { } operation
                    && BG0101BlockingWaitAnalyzer.IsReportedWait(operation, types, out var call, _cancellationToken))
                {
                    if (AsyncContext.EnclosingFunction(call.Operation.Syntax) != constructor
                        || !AsyncContext.AwaitAllowedAt(call.Operation.Syntax, constructor)
                        || AsyncContext.IsInConditionalAccess(call.Operation.Syntax)
                        || AwaitRewrite.TryCreate(call, model.Compilation) is not { } rewrite)
                    {
                        return null;
                    }

                    waits.Add((call.Operation.Syntax, rewrite));
                }
            }

            if (waits.Count == 0)
            {
                if (moved.Count > 0)
                {
                    return null;
                }

                continue;
            }

            if (!IsWaitedStatementShape(statement, waits.Select(w => w.Node), model) || ReadsLocalOrBase(statement, model))
            {
                return null;
            }

            moved.Add(new MovedStatement(statement, waits));
        }

        return moved;
    }

    /// <summary><c>wait;</c> or <c>target = wait;</c> where target is a field (not a readonly struct) or settable property of the object.</summary>
    private bool IsWaitedStatementShape(StatementSyntax statement, IEnumerable<SyntaxNode> waits, SemanticModel model)
    {
        if (statement is not ExpressionStatementSyntax { Expression: var expression })
        {
            return false;
        }

        if (waits.Contains(expression))
        {
            return true;
        }

        if (expression is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
            || !waits.Contains(assignment.Right)
            || assignment.Left is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
        {
            return false;
        }

        return model.GetSymbolInfo(assignment.Left, _cancellationToken).Symbol switch
        {
            IFieldSymbol field => !field.IsStatic && !field.IsConst && !(field.IsReadOnly && field.Type.IsValueType),
            IPropertySymbol property => !property.IsStatic && property.SetMethod is { IsInitOnly: false },
            _ => false,
        };
    }

    private bool ReadsLocalOrBase(StatementSyntax statement, SemanticModel model) =>
        statement.DescendantNodes().Any(n => n is BaseExpressionSyntax
            || (n is IdentifierNameSyntax
                && model.GetSymbolInfo(n, _cancellationToken).Symbol is ILocalSymbol local
                && !local.DeclaringSyntaxReferences.Any(r => statement.Span.Contains(r.Span))));

    /// <summary>The waits of the moved statements awaited, the object's members read through <c>created</c>, readonly fields assigned there made writable.</summary>
    private void PlanMovedStatements(DocumentId documentId, ConstructorDeclarationSyntax constructor, SemanticModel model, List<MovedStatement> moved)
    {
        var type = model.GetDeclaredSymbol(constructor, _cancellationToken)!.ContainingType;
        var readonlyFields = new HashSet<SyntaxNode>();
        foreach (var (statement, waits) in moved)
        {
            foreach (var (node, rewrite) in waits)
            {
                AddSite(documentId, node, new[] { new RewriteEdit(node, rewrite) });
            }

            foreach (var node in statement.DescendantNodesAndSelf())
            {
                if (node is ThisExpressionSyntax)
                {
                    AddEdit(documentId, node, current => SyntaxFactory.IdentifierName(CreatedName).WithTriviaFrom(current));
                }
                else if (node is SimpleNameSyntax name && IsImplicitThisMember(name, type, model))
                {
                    AddEdit(documentId, node, current => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(CreatedName), (SimpleNameSyntax)current.WithoutTrivia()).WithTriviaFrom(current));
                }
            }

            if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }
                && model.GetSymbolInfo(assignment.Left, _cancellationToken).Symbol is IFieldSymbol { IsReadOnly: true } field
                && field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken).Parent?.Parent is FieldDeclarationSyntax fieldDeclaration
                && fieldDeclaration.SyntaxTree == constructor.SyntaxTree
                && readonlyFields.Add(fieldDeclaration))
            {
                AddEdit(documentId, fieldDeclaration, current =>
                {
                    var declaration = (FieldDeclarationSyntax)current;
                    var token = declaration.Modifiers.First(m => m.IsKind(SyntaxKind.ReadOnlyKeyword));
                    var index = declaration.Modifiers.IndexOf(token);
                    var modifiers = declaration.Modifiers.RemoveAt(index);
                    return index == 0 && modifiers.Count > 0
                        ? declaration.WithModifiers(modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia(token.LeadingTrivia)))
                        : index == 0 ? declaration.WithModifiers(modifiers).WithDeclaration(declaration.Declaration.WithLeadingTrivia(token.LeadingTrivia)) : declaration.WithModifiers(modifiers);
                });
            }
        }
    }

    /// <summary>A name that reads an instance member of the object without <c>this.</c> (<c>_field</c>, <c>Load()</c>).</summary>
    private bool IsImplicitThisMember(SimpleNameSyntax name, INamedTypeSymbol type, SemanticModel model)
    {
        if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
            || name.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } member && member.Left == name
            || name.Parent is MemberBindingExpressionSyntax or NameColonSyntax or NameEqualsSyntax or QualifiedNameSyntax
            || model.GetSymbolInfo(name, _cancellationToken).Symbol is not { IsStatic: false, Kind: SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event } symbol
            || symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction })
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(symbol.ContainingType, current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type has a derived class, or appears in <c>typeof(T)</c> or as a type argument (DI registration, <c>Activator</c>, <c>new()</c> constraints).</summary>
    private async Task<bool> IsCreatedElsewhereAsync(INamedTypeSymbol type)
    {
        if (!type.IsSealed && (await SymbolFinder.FindDerivedClassesAsync(type, _solution, transitive: false, cancellationToken: _cancellationToken).ConfigureAwait(false)).Any())
        {
            return true;
        }

        var references = await ReferenceSearch.FindReferencesAsync(type, _solution, _cancellationToken).ConfigureAwait(false);
        foreach (var location in DistinctLocations(references))
        {
            if (await GetDocumentAsync(location.Document.Id).ConfigureAwait(false) is not var (_, root))
            {
                return true;
            }

            var name = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            if (name.AncestorsAndSelf().TakeWhile(n => n is TypeSyntax or TypeArgumentListSyntax or TypeOfExpressionSyntax).Any(n => n is TypeArgumentListSyntax or TypeOfExpressionSyntax)
                || name.Parent is TypeOfExpressionSyntax or TypeArgumentListSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every <c>new T(...)</c> of the constructor; null where it is created otherwise (<c>new()</c>, an initializer, <c>: base</c>).</summary>
    private async Task<List<(DocumentId Document, ObjectCreationExpressionSyntax Creation)>?> FindCreationsAsync(IMethodSymbol constructor)
    {
        var creations = new List<(DocumentId, ObjectCreationExpressionSyntax)>();
        var references = await ReferenceSearch.FindReferencesAsync(constructor, _solution, _cancellationToken).ConfigureAwait(false);
        foreach (var location in DistinctLocations(references))
        {
            if (location.IsImplicit
                || IsLinkedCopyOfAFileIn(location.Document, ProjectOf(constructor))
                || await GetDocumentAsync(location.Document.Id).ConfigureAwait(false) is not var (_, root)
                || root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ObjectCreationExpressionSyntax>().FirstOrDefault() is not { Initializer: null } creation
                || !creation.Type.Span.Contains(location.Location.SourceSpan))
            {
                return null;
            }

            creations.Add((location.Document.Id, creation));
        }

        return creations;
    }

    private static InvocationExpressionSyntax FactoryCall(ObjectCreationExpressionSyntax creation) =>
        SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, creation.Type.WithoutTrivia(), SyntaxFactory.IdentifierName(FactoryName)),
                creation.ArgumentList ?? SyntaxFactory.ArgumentList())
            .WithTriviaFrom(creation);

    /// <summary>The type with the constructor keeping its first statements (private now) and the factory after it.</summary>
    private static SyntaxNode WithFactory(TypeDeclarationSyntax type, SyntaxAnnotation marker, int movedCount, SyntaxTrivia endOfLine)
    {
        if (type.GetAnnotatedNodes(marker).FirstOrDefault() is not ConstructorDeclarationSyntax constructor || constructor.Body is null)
        {
            return type;
        }

        var statements = constructor.Body.Statements;
        var kept = statements.Take(statements.Count - movedCount);
        var moved = statements.Skip(statements.Count - movedCount);
        var accessibility = constructor.Modifiers.Where(m => SyntaxFacts.IsAccessibilityModifier(m.Kind())).ToList();
        var privateConstructor = (constructor.Modifiers.Count == 0 ? constructor.WithIdentifier(constructor.Identifier.WithLeadingTrivia(SyntaxTriviaList.Empty)) : constructor)
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .AddRange(constructor.Modifiers.Where(m => !SyntaxFacts.IsAccessibilityModifier(m.Kind()))))
            .WithLeadingTrivia(constructor.GetLeadingTrivia())
            .WithBody(constructor.Body.WithStatements(SyntaxFactory.List(kept)));

        var arguments = string.Join(", ", constructor.ParameterList.Parameters.Select(p => p.Identifier.Text));
        var body = SyntaxFactory.Block(
            new[] { SyntaxFactory.ParseStatement($"var {CreatedName} = new {constructor.Identifier.Text}({arguments});").WithTrailingTrivia(endOfLine) }
                .Concat(moved)
                .Concat(new[] { SyntaxFactory.ParseStatement($"return {CreatedName};").WithTrailingTrivia(endOfLine) }));
        var indentation = constructor.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var modifiers = SyntaxFactory.TokenList(accessibility.Select(m => m.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space)))
            .Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .Add(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        var factory = SyntaxFactory.MethodDeclaration(TaskOf(SyntaxFactory.IdentifierName(constructor.Identifier.Text)), FactoryName)
            .WithModifiers(modifiers)
            .WithParameterList(constructor.ParameterList.WithoutTrivia().WithTrailingTrivia(endOfLine))
            .WithBody(body)
            .WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(endOfLine, indentation) : SyntaxFactory.TriviaList(endOfLine))
            .WithTrailingTrivia(endOfLine)
            .WithAdditionalAnnotations(Formatter.Annotation, MadeAsync);
        var withPrivate = type.ReplaceNode(constructor, privateConstructor.WithAdditionalAnnotations(marker));
        return withPrivate.InsertNodesAfter(withPrivate.GetAnnotatedNodes(marker).First(), new[] { factory });
    }

    private sealed record MovedStatement(StatementSyntax Statement, List<(SyntaxNode Node, System.Func<SyntaxNode, SyntaxNode> Rewrite)> Waits);
}

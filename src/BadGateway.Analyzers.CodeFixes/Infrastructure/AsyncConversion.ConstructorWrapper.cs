using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// <see cref="Mode.AddAsyncSibling"/> for a public constructor of a library (issue #15): its signature stays, the waited
/// values move out. A constructor whose body is only assignments to the object's fields and properties, some of them of
/// a wait (<c>_version = HandshakeAsync(host).Result;</c>), becomes
/// <code>
/// public Connection(string host) : this(host, HandshakeAsync(host).GetAwaiter().GetResult())
/// {
/// }
///
/// private Connection(string host, string version)
/// {
///     _version = version;
/// }
///
/// public static async Task&lt;Connection&gt; CreateAsync(string host) => new Connection(host, await HandshakeAsync(host));
/// </code>
/// and <c>new Connection(h)</c> in async code <c>await Connection.CreateAsync(h)</c>. The chained constructor is the
/// deliberate boundary BG0101 does not report (AsyncSiblingForward.IsConstructorForward). The waits run first in both
/// paths, in their order; so that nothing else changes order, every other statement must be an assignment of a value
/// without side effects (parameters, constants, fields, operators), the waited tasks may only read parameters and
/// static members, no parameter is assigned, the base type is <c>object</c> (its constructor runs no code) and no
/// instance field or property initializer calls anything.
/// </summary>
internal sealed partial class AsyncConversion
{
    private async Task<bool> TryWrapConstructorAsync(DocumentId documentId, SyntaxNode function, SemanticModel model)
    {
        if (function is not ConstructorDeclarationSyntax { Body: { } body, Initializer: null, Parent: ClassDeclarationSyntax } constructor
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
            || !CanWrapConstructor(symbol, constructor, model, document)
            || SplitWaits(constructor, model) is not { Count: > 0 } waits)
        {
            _notConvertible.Add(symbol);
            return false;
        }

        _converting[symbol] = FactoryName;
        var names = ValueParameterNames(constructor, waits, model);
        var types = waits.Select(w => model.GetTypeInfo(w.Node, _cancellationToken).Type!).ToList();
        if (types.Any(t => t is null or IErrorTypeSymbol || t.IsRefLikeType)
            || symbol.ContainingType.InstanceConstructors.Any(c => c.Parameters.Select(p => p.Type).SequenceEqual(symbol.Parameters.Select(p => p.Type).Concat(types), SymbolEqualityComparer.Default)))
        {
            _converting.Remove(symbol);
            _notConvertible.Add(symbol);
            return false;
        }

        var endOfLine = SyntaxEdits.EndOfLine(constructor.SyntaxTree.GetRoot(_cancellationToken));
        var position = constructor.SpanStart;
        var typeNames = types.Select(t => t.ToMinimalDisplayString(model, position)).ToList();
        AddEdit(documentId, constructor.Parent!, current => WithConstructorWrapper((TypeDeclarationSyntax)current, constructor, waits, names, typeNames, endOfLine), isDeclaration: true);
        if (!_decisionsOnly)
        {
            await AddFactoryCallersAsync(symbol).ConfigureAwait(false);
        }

        return true;
    }

    private bool CanWrapConstructor(IMethodSymbol constructor, ConstructorDeclarationSyntax declaration, SemanticModel model, Document document)
    {
        var type = constructor.ContainingType;
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.IsGenericType || type.ContainingType?.IsGenericType == true
            || type.BaseType?.SpecialType != SpecialType.System_Object
            || !type.GetMembers(FactoryName).IsEmpty
            || constructor.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.IsParams)
            || declaration.Modifiers.Any(SyntaxKind.UnsafeKeyword)
            || !AsyncContext.AwaitAllowedAt(declaration, declaration)
            || HasInitializerThatCalls(type))
        {
            return false;
        }

        // Internal constructors and applications get the CreateAsync conversion of "Make async" instead.
        return !MayChangeSignature(constructor, document, declaration.SyntaxTree, model.Compilation);
    }

    /// <summary>An instance field or property initializer that calls or creates something: it would run after the waits instead of before.</summary>
    private bool HasInitializerThatCalls(INamedTypeSymbol type) =>
        type.GetMembers().Where(m => !m.IsStatic && m is IFieldSymbol or IPropertySymbol)
            .SelectMany(m => m.DeclaringSyntaxReferences)
            .Select(r => r.GetSyntax(_cancellationToken))
            .Select(n => n switch
            {
                VariableDeclaratorSyntax v => v.Initializer?.Value,
                PropertyDeclarationSyntax p => p.Initializer?.Value,
                _ => null,
            })
            .Any(value => value is not null && value.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } or AnonymousFunctionExpressionSyntax));

    /// <summary>
    /// The waits of the body, in order, each the whole right side of <c>member = wait;</c>, when every statement is such
    /// an assignment or one of a value without side effects; null otherwise.
    /// </summary>
    private List<ConstructorWait>? SplitWaits(ConstructorDeclarationSyntax constructor, SemanticModel model)
    {
        var types = KnownTypes.Create(model.Compilation);
        var parameters = constructor.ParameterList.Parameters.Select(p => model.GetDeclaredSymbol(p, _cancellationToken)).ToList();
        var waits = new List<ConstructorWait>();
        foreach (var statement in constructor.Body!.Statements)
        {
            if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
                || !IsMemberTarget(assignment.Left, model))
            {
                return null;
            }

            if (model.GetOperation(assignment.Right, _cancellationToken) is { } operation
                && BG0101BlockingWaitAnalyzer.IsReportedWait(operation, types, out var call, _cancellationToken)
                && call.Operation.Syntax == assignment.Right)
            {
                if (AwaitRewrite.TryCreate(call, model.Compilation) is not { } rewrite
                    || !ReadsOnlyParametersAndStatics(assignment.Right, model)
                    || assignment.Right.DescendantNodes().Any(n => n is AnonymousFunctionExpressionSyntax or AwaitExpressionSyntax))
                {
                    return null;
                }

                waits.Add(new ConstructorWait(assignment, assignment.Right, rewrite));
            }
            else if (!HasNoSideEffects(assignment.Right, model))
            {
                return null;
            }
        }

        // No parameter is assigned: the waited tasks read them before the body runs.
        if (constructor.Body.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a => parameters.Contains(model.GetSymbolInfo(a.Left, _cancellationToken).Symbol as IParameterSymbol)))
        {
            return null;
        }

        return waits;
    }

    private bool IsMemberTarget(ExpressionSyntax left, SemanticModel model) =>
        left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
        && model.GetSymbolInfo(left, _cancellationToken).Symbol switch
        {
            IFieldSymbol field => !field.IsStatic && !field.IsConst,
            IPropertySymbol property => !property.IsStatic && property.SetMethod is not null,
            _ => false,
        };

    /// <summary>Parameters, constants, literals, static members, calls on them: no <c>this</c>, no instance member, no local.</summary>
    private bool ReadsOnlyParametersAndStatics(ExpressionSyntax expression, SemanticModel model) =>
        !expression.DescendantNodesAndSelf().Any(n => n is ThisExpressionSyntax or BaseExpressionSyntax
            || (n is SimpleNameSyntax name
                && !(name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
                && name.Parent is not (MemberBindingExpressionSyntax or NameColonSyntax)
                && model.GetSymbolInfo(name, _cancellationToken).Symbol is { } symbol
                && (symbol is ILocalSymbol || (!symbol.IsStatic && symbol.Kind is SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event))));

    /// <summary>A value that computes nothing observable: literals, parameters, fields, <c>this</c>, <c>nameof</c>, <c>default</c>, <c>typeof</c>, operators on them.</summary>
    private bool HasNoSideEffects(ExpressionSyntax expression, SemanticModel model) =>
        expression.DescendantNodesAndSelf(n => !(n is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })).All(n => n switch
        {
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } => true,
            LiteralExpressionSyntax or ThisExpressionSyntax or DefaultExpressionSyntax or TypeOfExpressionSyntax or ParenthesizedExpressionSyntax or PredefinedTypeSyntax => true,
            BinaryExpressionSyntax binary => model.GetSymbolInfo(binary, _cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator },
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression or (int)SyntaxKind.UnaryMinusExpression } => true,
            MemberAccessExpressionSyntax or IdentifierNameSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax => model.GetSymbolInfo(n, _cancellationToken).Symbol is IParameterSymbol or IFieldSymbol or INamespaceSymbol or INamedTypeSymbol,
            _ => false,
        });

    /// <summary>The private constructor's parameter for each wait: the member's name without <c>_</c>/<c>m_</c>, camel case, not clashing with the other parameters.</summary>
    private List<string> ValueParameterNames(ConstructorDeclarationSyntax constructor, List<ConstructorWait> waits, SemanticModel model)
    {
        var taken = new HashSet<string>(constructor.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
        var names = new List<string>();
        foreach (var wait in waits)
        {
            var member = wait.Assignment.Left is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : ((IdentifierNameSyntax)wait.Assignment.Left).Identifier.ValueText;
            var trimmed = member.StartsWith("m_", System.StringComparison.Ordinal) ? member.Substring(2) : member.TrimStart('_');
            var baseName = trimmed.Length == 0 ? "value" : char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1);
            if (SyntaxFacts.GetKeywordKind(baseName) != SyntaxKind.None)
            {
                baseName = "@" + baseName;
            }

            var name = baseName;
            for (var i = 2; !taken.Add(name); i++)
            {
                name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary><c>new T(...)</c> of the constructor in async code: <c>await T.CreateAsync(...)</c>; other creations stay.</summary>
    private async Task AddFactoryCallersAsync(IMethodSymbol constructor)
    {
        var references = await ReferenceSearch.FindReferencesAsync(constructor, _solution, _cancellationToken).ConfigureAwait(false);
        foreach (var location in DistinctLocations(references))
        {
            if (location.IsImplicit
                || IsLinkedCopyOfAFileIn(location.Document, ProjectOf(constructor))
                || await GetDocumentAsync(location.Document.Id).ConfigureAwait(false) is not var (_, root)
                || root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ObjectCreationExpressionSyntax>().FirstOrDefault() is not { Initializer: null } creation
                || !creation.Type.Span.Contains(location.Location.SourceSpan)
                || AsyncContext.EnclosingFunction(creation) is not { } function
                || AsyncContext.Classify(function) is not (FunctionKind.Async or FunctionKind.TopLevel)
                || !AsyncContext.AwaitAllowedAt(creation, function)
                || AsyncContext.IsInConditionalAccess(creation))
            {
                continue;
            }

            AddEdit(location.Document.Id, creation, current => AwaitRewrite.Await(FactoryCall((ObjectCreationExpressionSyntax)current), current));
        }
    }

    /// <summary>The type with the public constructor chaining, the private constructor taking the values, and <c>CreateAsync</c>.</summary>
    private static SyntaxNode WithConstructorWrapper(TypeDeclarationSyntax type, ConstructorDeclarationSyntax original, List<ConstructorWait> waits, List<string> names, List<string> typeNames, SyntaxTrivia endOfLine)
    {
        var constructor = type.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => c.Span == original.Span || (c.Identifier.ValueText == original.Identifier.ValueText && c.ParameterList.IsEquivalentTo(original.ParameterList)));
        if (constructor is null)
        {
            return type;
        }

        var parameters = original.ParameterList.Parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p.Identifier.WithoutTrivia()))).ToList();
        var waitArguments = waits.Select(w => SyntaxFactory.Argument(BoundaryOf(w.Node))).ToList();
        var initializer = SyntaxFactory.ConstructorInitializer(
                SyntaxKind.ThisConstructorInitializer,
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(parameters.Concat(waitArguments))))
            .WithColonToken(SyntaxFactory.Token(SyntaxKind.ColonToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space));
        var body = constructor.Body!;
        var chaining = constructor
            .WithParameterList(constructor.ParameterList.WithoutTrailingTrivia())
            .WithInitializer(initializer.WithTrailingTrivia(constructor.ParameterList.GetTrailingTrivia()))
            .WithBody(body.WithStatements(default).WithOpenBraceToken(body.OpenBraceToken.WithTrailingTrivia(endOfLine)));

        // The private constructor: the original body with each wait replaced by its parameter.
        var privateBody = original.Body!.ReplaceNodes(
            waits.Select(w => w.Node),
            (node, _) => SyntaxFactory.IdentifierName(names[waits.FindIndex(w => w.Node == node)]).WithTriviaFrom(node));
        var indentation = constructor.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var leading = indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(endOfLine, indentation) : SyntaxFactory.TriviaList(endOfLine);
        var valueParameters = names.Select((n, i) => SyntaxFactory.Parameter(SyntaxFactory.Identifier(n)).WithType(SyntaxFactory.ParseTypeName(typeNames[i]).WithTrailingTrivia(SyntaxFactory.Space)));
        var privateConstructor = SyntaxFactory.ConstructorDeclaration(constructor.Identifier.WithoutTrivia())
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword).WithTrailingTrivia(SyntaxFactory.Space)))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(original.ParameterList.Parameters.Select(p => p.WithoutTrivia()).Concat(valueParameters))).WithTrailingTrivia(endOfLine))
            .WithBody(privateBody)
            .WithLeadingTrivia(leading)
            .WithAdditionalAnnotations(Formatter.Annotation);

        // CreateAsync: the awaited values, in order, then the private constructor.
        var creation = SyntaxFactory.ObjectCreationExpression(
            SyntaxFactory.IdentifierName(constructor.Identifier.WithoutTrivia()).WithLeadingTrivia(SyntaxFactory.Space),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(parameters.Concat(waits.Select(w => SyntaxFactory.Argument((ExpressionSyntax)w.Rewrite(w.Node)))))),
            null);
        var accessibility = constructor.Modifiers.Where(m => SyntaxFacts.IsAccessibilityModifier(m.Kind()));
        var factory = SyntaxFactory.MethodDeclaration(TaskOf(SyntaxFactory.IdentifierName(constructor.Identifier.Text)), FactoryName)
            .WithModifiers(SyntaxFactory.TokenList(accessibility.Select(m => SyntaxFactory.Token(m.Kind()).WithTrailingTrivia(SyntaxFactory.Space)))
                .Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .Add(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)))
            .WithParameterList(original.ParameterList.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space), creation))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(endOfLine))
            .WithLeadingTrivia(leading)
            .WithAdditionalAnnotations(Formatter.Annotation, MadeAsync);

        return type.ReplaceNode(constructor, new SyntaxNode[] { chaining, privateConstructor, factory });
    }

    /// <summary>The wait in the chained call, as written: <c>.Result</c> keeps throwing <c>AggregateException</c> for sync callers, <c>GetAwaiter().GetResult()</c> the task's own exception.</summary>
    private static ExpressionSyntax BoundaryOf(SyntaxNode wait) => ((ExpressionSyntax)wait).WithoutTrivia();

    private sealed record ConstructorWait(AssignmentExpressionSyntax Assignment, SyntaxNode Node, System.Func<SyntaxNode, SyntaxNode> Rewrite);
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// A wait in the selector of a Select that is materialised at once, in async code:
/// <c>return ids.Select(id =&gt; NameAsync(id).Result).ToList();</c> or <c>return (from id in ids select NameAsync(id).Result).ToList();</c>
/// becomes a loop that awaits each element in turn, in the same order, into a list of the same element type:
/// <c>var names = new List&lt;string&gt;(); foreach (var id in ids) { names.Add(await NameAsync(id)); } return names;</c>
/// (<c>ToArray()</c>: the list, then <c>names.ToArray()</c>). An async selector would turn the result into a list of
/// tasks, and a query clause cannot await, so the loop is the form with the same behaviour.
/// </summary>
internal sealed partial class AsyncConversion
{
    private const string ResultsName = "results";

    private readonly HashSet<SyntaxNode> _selectLoops = new();

    private enum SelectLoopTarget
    {
        /// <summary><c>return src.Select(...).ToList();</c></summary>
        Return,

        /// <summary><c>var x = src.Select(...).ToList();</c></summary>
        Declaration,

        /// <summary><c>x = src.Select(...).ToList();</c></summary>
        Assignment,
    }

    /// <summary>What the statement looks like, read from syntax alone.</summary>
    private sealed record SelectLoopShape(
        StatementSyntax Statement,
        SelectLoopTarget Target,
        SyntaxNode Selector,
        ExpressionSyntax Select,
        ExpressionSyntax Source,
        ExpressionSyntax Body,
        SyntaxToken Variable,
        bool ToArray,
        string? TargetName);

    /// <summary>A shape the semantic checks accepted: the element type to build the list of, and the list's name.</summary>
    private sealed record SelectLoopPlan(SelectLoopShape Shape, ITypeSymbol Element, string ListName);

    /// <summary>The loop for the wait at <paramref name="wait"/>, or null where it does not apply.</summary>
    private static SelectLoopPlan? TryPlanSelectLoop(SyntaxNode wait, SemanticModel model, CancellationToken cancellationToken)
    {
        if (wait.FirstAncestorOrSelf<StatementSyntax>() is not { } statement
            || SelectLoopShapeOf(statement) is not { } shape
            || SelectorAround(wait) != shape.Selector
            || AsyncContext.IsInConditionalAccess(wait))
        {
            return null;
        }

        var function = AsyncContext.EnclosingFunction(statement);
        if (function is null
            || AsyncContext.Classify(function) is not (FunctionKind.Async or FunctionKind.TopLevel)
            || AsyncContext.EnclosingFunction(shape.Select) != function
            || !AsyncContext.AwaitAllowedAt(statement, function)
            || DropsComments(shape)
            || SelectElementType(shape, model, cancellationToken) is not { } element)
        {
            return null;
        }

        return new SelectLoopPlan(shape, element, ListNameOf(shape, function));
    }

    /// <summary>
    /// <c>return / var x = / x = S.Select(v =&gt; e).ToList()</c> (or <c>ToArray()</c>, or <c>(from v in S select e)</c>) as a
    /// statement of a block, with an expression lambda of one parameter, or a query with no other clause.
    /// </summary>
    private static SelectLoopShape? SelectLoopShapeOf(StatementSyntax statement)
    {
        if (statement.Parent is not BlockSyntax)
        {
            return null;
        }

        var (target, value, name) = statement switch
        {
            ReturnStatementSyntax { Expression: { } returned } => (SelectLoopTarget.Return, returned, (string?)null),
            LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0, Modifiers.Count: 0, Declaration: { Type.IsVar: true, Variables: { Count: 1 } variables } }
                when variables[0].Initializer is { } initializer => (SelectLoopTarget.Declaration, initializer.Value, variables[0].Identifier.ValueText),
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: var left, Right: var right } assignment }
                when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && AssignedName(left) is { } assigned => (SelectLoopTarget.Assignment, right, assigned),
            _ => (SelectLoopTarget.Return, null, null),
        };

        if (value is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "ToList" or "ToArray" } materialise } materialiseAccess }
            || !materialiseAccess.IsKind(SyntaxKind.SimpleMemberAccessExpression))
        {
            return null;
        }

        var toArray = materialise.Identifier.ValueText == "ToArray";
        switch (materialiseAccess.Expression)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "Select" }, Expression: var source } selectAccess, ArgumentList.Arguments: { Count: 1 } arguments } select
                when selectAccess.IsKind(SyntaxKind.SimpleMemberAccessExpression)
                    && arguments[0] is { NameColon: null, RefKindKeyword.RawKind: 0, Expression: LambdaExpressionSyntax { AsyncKeyword.RawKind: 0, ExpressionBody: { } body } lambda }
                    && SingleParameter(lambda) is { } parameter:
                return new SelectLoopShape(statement, target, lambda, select, source, body, parameter, toArray, name);

            case ParenthesizedExpressionSyntax { Expression: QueryExpressionSyntax { FromClause: { Type: null } from, Body: { Clauses.Count: 0, Continuation: null, SelectOrGroup: SelectClauseSyntax selectClause } } query }:
                return new SelectLoopShape(statement, target, selectClause, query, from.Expression, selectClause.Expression, from.Identifier, toArray, name);

            default:
                return null;
        }
    }

    private static SyntaxToken? SingleParameter(LambdaExpressionSyntax lambda) => lambda switch
    {
        SimpleLambdaExpressionSyntax { Parameter: { Modifiers.Count: 0, AttributeLists.Count: 0 } parameter } => parameter.Identifier,
        ParenthesizedLambdaExpressionSyntax { ReturnType: null, ParameterList.Parameters: { Count: 1 } parameters }
            when parameters[0] is { Modifiers.Count: 0, AttributeLists.Count: 0, Default: null } => parameters[0].Identifier,
        _ => null,
    };

    /// <summary><c>x</c>, <c>this.x</c>: a target whose reading has no side effects, so it may be assigned after the loop.</summary>
    private static string? AssignedName(ExpressionSyntax left) => left switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The nearest lambda, local function or query clause around <paramref name="wait"/>, if the wait is in the body it evaluates per element.</summary>
    private static SyntaxNode? SelectorAround(SyntaxNode wait)
    {
        foreach (var ancestor in wait.Ancestors())
        {
            switch (ancestor)
            {
                case LambdaExpressionSyntax { ExpressionBody: { } body } lambda when body.Span.Contains(wait.Span):
                    return lambda;
                case SelectClauseSyntax select when select.Expression.Span.Contains(wait.Span):
                    return select;
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case QueryClauseSyntax:
                case SelectOrGroupClauseSyntax:
                case QueryContinuationSyntax:
                case StatementSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The element type of the list, when the Select is <c>System.Linq.Enumerable.Select(source, Func&lt;TSource, TResult&gt;)</c>
    /// materialised by <c>Enumerable.ToList/ToArray</c>, <c>TResult</c> can be written, and <c>foreach (var v in source)</c>
    /// gives <c>v</c> the type of the selector's parameter.
    /// </summary>
    private static ITypeSymbol? SelectElementType(SelectLoopShape shape, SemanticModel model, CancellationToken cancellationToken)
    {
        var select = shape.Selector is SelectClauseSyntax clause
            ? model.GetSymbolInfo(clause, cancellationToken).Symbol as IMethodSymbol
            : model.GetSymbolInfo(shape.Select, cancellationToken).Symbol as IMethodSymbol;
        var materialise = model.GetSymbolInfo(shape.Select.Parent!.Parent!, cancellationToken).Symbol as IMethodSymbol;
        if (select is null || materialise is null
            || !IsEnumerableMethod(select, "Select") || !IsEnumerableMethod(materialise, shape.ToArray ? "ToArray" : "ToList")
            || (select.ReducedFrom ?? select).Parameters is not { Length: 2 } parameters
            || parameters[1].Type is not INamedTypeSymbol { TypeArguments.Length: 2 }
            || select.TypeArguments is not { Length: 2 } typeArguments
            || !IsWritable(typeArguments[1]))
        {
            return null;
        }

        var probe = SyntaxFactory.ForEachStatement(SyntaxFactory.IdentifierName("var"), shape.Variable.WithoutTrivia(), shape.Source.WithoutTrivia(), SyntaxFactory.Block());
        return model.TryGetSpeculativeSemanticModel(shape.Statement.SpanStart, probe, out var speculative)
            && SymbolEqualityComparer.Default.Equals(speculative.GetForEachStatementInfo(probe).ElementType, typeArguments[0])
            ? typeArguments[1]
            : null;
    }

    private static bool IsEnumerableMethod(IMethodSymbol method, string name) =>
        method.Name == name
        && method.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>A type a declaration can name: no anonymous type, no error type, no pointer, anywhere in it.</summary>
    private static bool IsWritable(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol => false,
        { IsAnonymousType: true } => false,
        IArrayTypeSymbol array => IsWritable(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.All(IsWritable) && (named.ContainingType is null || IsWritable(named.ContainingType)),
        _ => true,
    };

    /// <summary>
    /// Whether a comment or directive sits where the loop does not keep it: the loop keeps the statement's own leading and
    /// trailing trivia, the source and the selector's body; the tokens between them go.
    /// </summary>
    private static bool DropsComments(SelectLoopShape shape)
    {
        var statement = shape.Statement;
        var kept = new[] { shape.Source.Span, shape.Body.Span };
        return statement.DescendantTrivia(descendIntoTrivia: true)
            .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia) || t.IsDirective
                || t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.DisabledTextTrivia))
            .Any(t => t.Span.Start >= statement.Span.Start && t.Span.End <= statement.Span.End && !kept.Any(k => k.Contains(t.Span)));
    }

    /// <summary>
    /// The list's name: the declared local for <c>var x = ....ToList()</c>; otherwise a name from the target (the method's
    /// name for a return, <c>NamesAsync</c> → <c>names</c>; the assigned field or property) or <c>results</c>, free in the
    /// member. Earlier statements of the member with the same shape take their names first, so that Fix All and one fix
    /// at a time choose the same names.
    /// </summary>
    private static string ListNameOf(SelectLoopShape shape, SyntaxNode function)
    {
        if (shape is { Target: SelectLoopTarget.Declaration, ToArray: false, TargetName: { } declared })
        {
            return declared;
        }

        var scope = (SyntaxNode?)shape.Statement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? shape.Statement.SyntaxTree.GetRoot();
        var taken = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        foreach (var earlier in scope.DescendantNodes().OfType<StatementSyntax>().Where(s => s.SpanStart < shape.Statement.SpanStart))
        {
            if (SelectLoopShapeOf(earlier) is { } other && !(other is { Target: SelectLoopTarget.Declaration, ToArray: false }) && HasWaitLikeNode(other.Body))
            {
                taken.Add(FreeListName(other, AsyncContext.EnclosingFunction(earlier), taken));
            }
        }

        return FreeListName(shape, function, taken);
    }

    private static string FreeListName(SelectLoopShape shape, SyntaxNode? function, HashSet<string> taken)
    {
        var fromTarget = shape.Target switch
        {
            SelectLoopTarget.Return => NameFromMethod(function),
            SelectLoopTarget.Assignment => LocalNameFrom(shape.TargetName),
            _ => null,
        };
        if (fromTarget is not null && !taken.Contains(fromTarget))
        {
            return fromTarget;
        }

        var name = ResultsName;
        for (var i = 2; taken.Contains(name); i++)
        {
            name = ResultsName + i;
        }

        return name;
    }

    /// <summary><c>NamesAsync</c>, <c>GetNamesAsync</c> → <c>names</c>: a plural noun from the method's name, or null.</summary>
    private static string? NameFromMethod(SyntaxNode? function)
    {
        var name = function switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            LocalFunctionStatementSyntax local => local.Identifier.ValueText,
            _ => null,
        };
        if (name is null)
        {
            return null;
        }

        if (name.EndsWith(AsyncSuffix, System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - AsyncSuffix.Length);
        }

        foreach (var verb in new[] { "Get", "Load", "Read", "Fetch", "Find" })
        {
            if (name.Length > verb.Length && name.StartsWith(verb, System.StringComparison.Ordinal) && char.IsUpper(name[verb.Length]))
            {
                name = name.Substring(verb.Length);
                break;
            }
        }

        return name.Length > 2 && name.EndsWith("s", System.StringComparison.Ordinal) && !name.EndsWith("ss", System.StringComparison.Ordinal)
            ? LocalNameFrom(name)
            : null;
    }

    /// <summary><c>_names</c>, <c>s_names</c>, <c>Names</c> → <c>names</c>, when that is a valid name other than the target's own.</summary>
    private static string? LocalNameFrom(string? target)
    {
        if (target is null)
        {
            return null;
        }

        var name = target.StartsWith("s_", System.StringComparison.Ordinal) || target.StartsWith("m_", System.StringComparison.Ordinal) || target.StartsWith("t_", System.StringComparison.Ordinal)
            ? target.Substring(2)
            : target.TrimStart('_');
        if (name.Length == 0 || !char.IsLetter(name[0]))
        {
            return null;
        }

        name = char.ToLowerInvariant(name[0]) + name.Substring(1);
        return name != target && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None
            ? name
            : null;
    }

    /// <summary>A <c>.Result</c>, <c>Wait(...)</c> or <c>GetResult()</c> in <paramref name="body"/>: a cheap guess that BG0101 reports something there.</summary>
    private static bool HasWaitLikeNode(ExpressionSyntax body) =>
        body.DescendantNodesAndSelf().Any(n => n is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" or "Wait" or "GetResult" or "WaitAll" or "WaitAny" });

    /// <summary>
    /// Plans the loop for <paramref name="plan"/> once, with every wait BG0101 reports in the selector's body awaited (so
    /// the result does not depend on which wait the fix started from); false when one of them has no simple rewrite.
    /// </summary>
    private bool TryAddSelectLoop(DocumentId documentId, SelectLoopPlan plan, SemanticModel model)
    {
        var shape = plan.Shape;
        if (_selectLoops.Contains(shape.Statement))
        {
            return true;
        }

        var types = KnownTypes.Create(model.Compilation);
        var waits = new List<(SyntaxNode Syntax, IReadOnlyList<RewriteEdit> Rewrite)>();
        foreach (var node in shape.Body.DescendantNodesAndSelf())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (node is not (MemberAccessExpressionSyntax or InvocationExpressionSyntax)
                || model.GetOperation(node, _cancellationToken) is not { } operation
                || !BG0101BlockingWaitAnalyzer.IsReportedWait(operation, types, out var call, _cancellationToken)
                || SelectorAround(call.Operation.Syntax) != shape.Selector)
            {
                continue;
            }

            if (AsyncContext.IsInConditionalAccess(call.Operation.Syntax)
                || AwaitRewrite.TryPlan(call, model, _cancellationToken) is not { Count: 1 } rewrite
                || rewrite[0].Node != call.Operation.Syntax)
            {
                return false;
            }

            waits.Add((call.Operation.Syntax, rewrite));
        }

        if (waits.Count == 0)
        {
            return false;
        }

        _selectLoops.Add(shape.Statement);
        foreach (var (syntax, rewrite) in waits)
        {
            AddSite(documentId, syntax, rewrite);
        }

        var sourcePath = PathOf(shape.Statement, shape.Source);
        var bodyPath = PathOf(shape.Statement, shape.Body);
        AddEdit(documentId, shape.Statement, current => SelectLoop(
            (StatementSyntax)current,
            plan,
            (ExpressionSyntax)Follow(current, sourcePath),
            (ExpressionSyntax)Follow(current, bodyPath)));
        return true;
    }

    /// <summary>The statements that replace the one with the Select, in a block <see cref="AwaitRewrite.SpliceMarkedBlocks"/> opens.</summary>
    private static SyntaxNode SelectLoop(StatementSyntax statement, SelectLoopPlan plan, ExpressionSyntax source, ExpressionSyntax body)
    {
        var shape = plan.Shape;
        var list = SyntaxFactory.IdentifierName(plan.ListName);
        var listType = SyntaxFactory.ParseTypeName("global::System.Collections.Generic.List<" + plan.Element.ToDisplayString(ElementFormat) + ">")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var statements = new List<StatementSyntax>
        {
            SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                SyntaxFactory.IdentifierName("var"),
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(plan.ListName).WithInitializer(SyntaxFactory.EqualsValueClause(
                    SyntaxFactory.ObjectCreationExpression(listType, SyntaxFactory.ArgumentList(), null)))))),
            SyntaxFactory.ForEachStatement(
                SyntaxFactory.IdentifierName("var"),
                shape.Variable.WithoutTrivia(),
                source.WithoutTrivia(),
                SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, list, SyntaxFactory.IdentifierName("Add")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(body.WithoutTrivia()))))))),
        };

        ExpressionSyntax result = shape.ToArray
            ? SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, list, SyntaxFactory.IdentifierName("ToArray")))
            : list;
        switch (statement)
        {
            case ReturnStatementSyntax returned:
                statements.Add(returned.WithExpression(result.WithTriviaFrom(returned.Expression!)));
                break;
            case LocalDeclarationStatementSyntax declaration when shape.ToArray:
                statements.Add(declaration.ReplaceNode(declaration.Declaration.Variables[0].Initializer!.Value, result.WithTriviaFrom(declaration.Declaration.Variables[0].Initializer!.Value)));
                break;
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } expressionStatement:
                statements.Add(expressionStatement.WithExpression(assignment.WithRight(result.WithTriviaFrom(assignment.Right))));
                break;
        }

        return Spliced(statement, statements);
    }

    private static readonly SymbolDisplayFormat ElementFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// <paramref name="statements"/> in a block marked for splicing: the first gets the replaced statement's leading trivia,
    /// the last its trailing trivia (a comment at the end of the line stays at the end of the statement that ends it).
    /// </summary>
    private static SyntaxNode Spliced(StatementSyntax replaced, List<StatementSyntax> statements)
    {
        var leading = replaced.GetLeadingTrivia();
        var trailing = replaced.GetTrailingTrivia();
        var indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var endOfLine = trailing.LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var lineEnd = endOfLine.RawKind == 0 ? SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed) : SyntaxFactory.TriviaList(endOfLine);
        var indent = indentation.RawKind == 0 ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation);
        for (var i = 0; i < statements.Count; i++)
        {
            statements[i] = statements[i]
                .WithLeadingTrivia(i == 0 ? leading : indent)
                .WithTrailingTrivia(i == statements.Count - 1 ? trailing : lineEnd)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        return SyntaxFactory.Block(statements).WithAdditionalAnnotations(AwaitRewrite.SpliceAnnotation);
    }

    /// <summary>The child indexes from <paramref name="ancestor"/> down to <paramref name="node"/>.</summary>
    private static int[] PathOf(SyntaxNode ancestor, SyntaxNode node)
    {
        var path = new List<int>();
        for (var current = node; current != ancestor; current = current.Parent!)
        {
            path.Add(current.Parent!.ChildNodes().TakeWhile(c => c != current).Count());
        }

        path.Reverse();
        return path.ToArray();
    }

    private static SyntaxNode Follow(SyntaxNode node, int[] path)
    {
        foreach (var index in path)
        {
            node = node.ChildNodes().ElementAt(index);
        }

        return node;
    }
}

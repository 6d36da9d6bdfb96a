using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Making a method or local function that already returns <c>Task</c>/<c>Task&lt;T&gt;</c> async in place: its signature
/// stays, so its callers need no change (BG0102's fix, where the sync call sits in such a method).
/// </summary>
internal sealed partial class AsyncConversion
{
    private static readonly SyntaxAnnotation s_droppedReturn = new("BadGateway.DroppedReturn");

    /// <summary>
    /// The edits that make the Task-returning, non-async <paramref name="method"/> async: <c>async</c> added; in a
    /// <c>Task&lt;T&gt;</c> method (or an expression body) each returned value unwrapped (<c>Task.FromResult(e)</c> →
    /// <c>e</c>) or awaited; <c>return Task.CompletedTask;</c> → <c>return;</c>, dropped where it is the last statement
    /// (run <see cref="RemoveDroppedReturns"/> on the changed root). Null where that would need a signature change: an
    /// iterator, or a non-generic Task method returning anything but <c>Task.CompletedTask</c>.
    /// Apply the edits with the caller's other edits, shortest span first, so each sees the edits inside it.
    /// </summary>
    public static IReadOnlyList<(SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Replace)>? PlanMakeTaskReturningMethodAsync(SyntaxNode method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (AsyncContext.IsIterator(method)
            || model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol
            || !IsTaskType(symbol.ReturnType))
        {
            return null;
        }

        var returnsValue = symbol.ReturnType is INamedTypeSymbol { IsGenericType: true };
        var returned = ReturnedExpressions(method).ToList();
        if (!returnsValue && !returned.All(e => e.Parent is ArrowExpressionClauseSyntax || IsCompletedTask(e)))
        {
            return null;
        }

        var edits = new List<(SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Replace)>();
        foreach (var expression in returned)
        {
            if (returnsValue || expression.Parent is ArrowExpressionClauseSyntax)
            {
                var wrapsResult = IsValueTaskOfResult(expression, model, cancellationToken);
                edits.Add((expression, current => UnwrapOrAwait((ExpressionSyntax)current, wrapsResult)));
            }
            else if (expression.Parent is ReturnStatementSyntax completed)
            {
                var isLast = IsLastStatement(completed);
                edits.Add((completed, current => isLast ? DropReturn(current) : ReturnWithoutValue((ReturnStatementSyntax)current)));
            }
        }

        edits.Add((method, current => SyntaxEdits.WithAsync(current)));
        return edits;
    }

    /// <summary>
    /// Removes the returns <see cref="PlanMakeTaskReturningMethodAsync"/> dropped. A comment on a dropped return stays
    /// where it was; bare indentation does not.
    /// </summary>
    public static SyntaxNode RemoveDroppedReturns(SyntaxNode root)
    {
        foreach (var removed in root.GetAnnotatedNodes(s_droppedReturn).ToList())
        {
            var keep = removed.GetLeadingTrivia().Concat(removed.GetTrailingTrivia()).Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                ? SyntaxRemoveOptions.KeepExteriorTrivia
                : SyntaxRemoveOptions.KeepNoTrivia;
            root = root.RemoveNode(root.GetAnnotatedNodes(s_droppedReturn).First(), keep | SyntaxRemoveOptions.KeepUnbalancedDirectives)!;
        }

        return root;
    }

    /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;: the return types an async method keeps as they are.</summary>
    private static bool IsTaskType(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", Arity: <= 1, ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    private static bool IsCompletedTask(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" };

    private static bool IsLastStatement(StatementSyntax statement) =>
        statement.Parent is BlockSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } block && block.Statements.Last() == statement;

    /// <summary>An empty statement in place of the return, removed by <see cref="RemoveDroppedReturns"/>.</summary>
    private static SyntaxNode DropReturn(SyntaxNode current) =>
        SyntaxFactory.EmptyStatement().WithTriviaFrom(current).WithAdditionalAnnotations(s_droppedReturn);

    /// <summary><c>return Task.CompletedTask;</c> → <c>return;</c>.</summary>
    private static ReturnStatementSyntax ReturnWithoutValue(ReturnStatementSyntax current) =>
        current.WithExpression(null).WithReturnKeyword(current.ReturnKeyword.WithTrailingTrivia(SyntaxTriviaList.Empty));

    /// <summary>The expressions a Task-returning method returns: <c>return e;</c> statements and an expression body.</summary>
    private static IEnumerable<ExpressionSyntax> ReturnedExpressions(SyntaxNode method)
    {
        var (body, expressionBody) = method switch
        {
            MethodDeclarationSyntax m => (m.Body, m.ExpressionBody),
            LocalFunctionStatementSyntax l => (l.Body, l.ExpressionBody),
            _ => (null, null),
        };
        if (expressionBody is not null)
        {
            yield return expressionBody.Expression;
        }

        if (body is null)
        {
            yield break;
        }

        foreach (var returned in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>())
        {
            if (returned.Expression is not null)
            {
                yield return returned.Expression;
            }
        }
    }

    /// <summary>
    /// <c>new ValueTask&lt;T&gt;(e)</c> through the constructor that takes the result itself (not a task or an
    /// <c>IValueTaskSource</c>): in a method made async it is just <c>e</c>.
    /// </summary>
    private static bool IsValueTaskOfResult(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
        expression is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1, Initializer: null }
        && model.GetSymbolInfo(expression, cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 1 } constructor
        && constructor.ContainingType is { Name: "ValueTask", TypeArguments.Length: 1 } valueTask
        && IsTaskType(valueTask)
        && SymbolEqualityComparer.Default.Equals(constructor.OriginalDefinition.Parameters[0].Type, valueTask.OriginalDefinition.TypeParameters[0]);

    /// <summary>
    /// In a method made async: <c>Task.FromResult(e)</c> and <c>new ValueTask&lt;T&gt;(e)</c> (when <paramref name="wrapsResult"/>)
    /// → <c>e</c>, anything else → <c>await e</c>.
    /// </summary>
    private static ExpressionSyntax UnwrapOrAwait(ExpressionSyntax current, bool wrapsResult)
    {
        if (wrapsResult && current is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation)
        {
            return creation.ArgumentList.Arguments[0].Expression.WithTriviaFrom(current);
        }

        if (current is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult", Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" } },
                ArgumentList.Arguments.Count: 1,
            } fromResult)
        {
            return fromResult.ArgumentList.Arguments[0].Expression.WithTriviaFrom(current);
        }

        return AwaitRewrite.Await(current, current);
    }
}

using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>What a piece of code runs inside, as far as <c>await</c> is concerned.</summary>
internal enum FunctionKind
{
    /// <summary>An async method, local function, lambda or anonymous method: await is allowed.</summary>
    Async,

    /// <summary>Top-level statements: await is allowed (the compiler makes Main async).</summary>
    TopLevel,

    /// <summary>A synchronous method or local function that could be made async.</summary>
    SyncMethod,

    /// <summary>A synchronous lambda or anonymous method.</summary>
    SyncLambda,

    /// <summary>Constructors, accessors, operators, finalizers, field initializers...: await can never go here.</summary>
    Other,
}

/// <summary>Finds the function around a node and whether an <c>await</c> may stand at that node.</summary>
internal static class AsyncContext
{
    /// <summary>The nearest method, local function, lambda, anonymous method or other member around <paramref name="node"/>.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case BaseMethodDeclarationSyntax:
                case AccessorDeclarationSyntax:
                case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }:
                case GlobalStatementSyntax:
                case VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax }:
                case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax or ParameterSyntax }:
                case AttributeSyntax:
                    return current;
            }
        }

        return null;
    }

    public static FunctionKind Classify(SyntaxNode? function) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) ? FunctionKind.Async : FunctionKind.SyncLambda,
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword) ? FunctionKind.Async : FunctionKind.SyncMethod,
        MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword) ? FunctionKind.Async : FunctionKind.SyncMethod,
        GlobalStatementSyntax => FunctionKind.TopLevel,
        _ => FunctionKind.Other,
    };

    /// <summary>
    /// Whether an <c>await</c> may replace <paramref name="node"/> inside its function: not in a lock body, an unsafe
    /// context, a query clause, or an iterator.
    /// </summary>
    public static bool AwaitAllowedAt(SyntaxNode node, SyntaxNode function) =>
        AwaitAllowedInside(node, function) && !IsUnsafeMember(function) && !IsIterator(function);

    /// <summary>
    /// Whether <paramref name="function"/> is an iterator method in which an <c>await</c> may replace
    /// <paramref name="node"/> once it is an async iterator (the iterator wrapper of AsyncConversion.IteratorWrapper.cs).
    /// </summary>
    public static bool AwaitAllowedOnceAsyncIterator(SyntaxNode node, SyntaxNode function) =>
        function is MethodDeclarationSyntax && IsIterator(function) && AwaitAllowedInside(node, function) && !IsUnsafeMember(function);

    private static bool AwaitAllowedInside(SyntaxNode node, SyntaxNode function)
    {
        for (var current = node.Parent; current is not null && current != function; current = current.Parent)
        {
            switch (current)
            {
                case LockStatementSyntax:
                case UnsafeStatementSyntax:
                case FixedStatementSyntax:
                case QueryBodySyntax:
                case FromClauseSyntax { Parent: QueryBodySyntax }:
                case JoinClauseSyntax:
                case LetClauseSyntax:
                case WhereClauseSyntax:
                case OrderByClauseSyntax:
                case SelectClauseSyntax:
                case GroupClauseSyntax:
                    return false;
            }
        }

        return true;
    }

    public static bool IsIterator(SyntaxNode function)
    {
        var body = function switch
        {
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            AnonymousFunctionExpressionSyntax lambda => lambda.Body,
            _ => null,
        };
        return body is not null && body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n is YieldStatementSyntax);
    }

    private static bool IsUnsafeMember(SyntaxNode function) =>
        function.AncestorsAndSelf().Any(n => n switch
        {
            MemberDeclarationSyntax member => member.Modifiers.Any(SyntaxKind.UnsafeKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.UnsafeKeyword),
            _ => false,
        });

    /// <summary>
    /// Whether <paramref name="expression"/> is part of what a conditional access runs when its receiver is not null
    /// (<c>a?.B()</c>, <c>a?.B().Result</c>): an <c>await</c> cannot go there (<c>a? (await.B())</c> does not parse).
    /// </summary>
    public static bool IsInConditionalAccess(SyntaxNode expression)
    {
        if (expression is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax } or MemberBindingExpressionSyntax)
        {
            return true;
        }

        foreach (var ancestor in expression.Ancestors())
        {
            if (ancestor is StatementSyntax or LambdaExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }

            if (ancestor is ConditionalAccessExpressionSyntax access && access.WhenNotNull.Span.Contains(expression.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether every <c>await</c> of <paramref name="function"/> itself (not those of the lambdas and local functions in it)
    /// is <c>await x.ConfigureAwait(false)</c>, and there is at least one: a new await there should say the same, or a
    /// library's sync API that blocks on the method can deadlock under a synchronization context.
    /// </summary>
    public static bool ConfiguresEveryAwait(SyntaxNode function)
    {
        var awaits = function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<AwaitExpressionSyntax>()
            .ToList();
        return awaits.Count > 0 && awaits.All(a => IsConfigureAwaitFalse(a.Expression));
    }

    /// <summary><c>x.ConfigureAwait(false)</c>.</summary>
    public static bool IsConfigureAwaitFalse(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" },
            ArgumentList.Arguments: { Count: 1 } arguments,
        }
        && arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression);
}

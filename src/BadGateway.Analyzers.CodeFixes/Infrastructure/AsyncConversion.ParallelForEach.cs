using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// <c>Parallel.ForEach(items, item =&gt; { ... t.Wait(); })</c> in async code →
/// <c>await Parallel.ForEachAsync(items, async (item, _) =&gt; { ... await t; })</c>, where every target framework has
/// <c>Parallel.ForEachAsync</c> (.NET 6+; the fix is not offered where it does not compile).
/// </summary>
internal sealed partial class AsyncConversion
{
    private readonly HashSet<SyntaxNode> _forEachBodies = new();

    /// <summary>
    /// The body of <c>Parallel.ForEach(source, body)</c> or <c>(source, ParallelOptions, body)</c> with an <c>Action&lt;T&gt;</c>
    /// body (no ParallelLoopState, no index, no value returned), as a statement of its own (its ParallelLoopResult unused),
    /// in code that is async, outside a try that catches AggregateException (ForEach throws one, the await the first inner exception).
    /// </summary>
    private static bool IsParallelForEachBody(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken) =>
        AsyncContext.Classify(ParallelForEachAround(function, model, cancellationToken)) is FunctionKind.Async or FunctionKind.TopLevel;

    /// <summary>The function around the <c>Parallel.ForEach</c> call whose body <paramref name="function"/> is (see <see cref="IsParallelForEachBody"/>); null when it is not one.</summary>
    private static SyntaxNode? ParallelForEachAround(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (function is not (SimpleLambdaExpressionSyntax or ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 })
            || function.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments: var arguments, Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ForEach" } } invocation } } argument
            || arguments.Last() != argument
            || arguments.Count is not (2 or 3)
            || arguments.Any(a => a.NameColon is not null)
            || invocation.Parent is not ExpressionStatementSyntax
            || AwaitRewrite.InsideTryCatchingAggregateException(invocation)
            || AsyncContext.EnclosingFunction(invocation) is not { } outer
            || !AsyncContext.AwaitAllowedAt(invocation, outer)
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { Name: "ForEach", ContainingType: { Name: "Parallel", ContainingNamespace: { Name: "Tasks" } } } forEach)
        {
            return null;
        }

        var body = forEach.OriginalDefinition.Parameters.Last().Type as INamedTypeSymbol;
        return body is { Name: "Action", Arity: 1 }
            && (arguments.Count == 2 || forEach.Parameters[1].Type.Name == "ParallelOptions")
            && UsesNoDiscard(function)
            ? outer
            : null;
    }

    /// <summary>The new token parameter is named <c>_</c>: the body must not use that name.</summary>
    private static bool UsesNoDiscard(SyntaxNode lambda) =>
        !lambda.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == "_");

    private void AddForEachAsync(DocumentId documentId, SyntaxNode lambda)
    {
        if (!_forEachBodies.Add(lambda))
        {
            return;
        }

        var invocation = lambda.Parent!.Parent!.Parent!;
        AddEdit(documentId, invocation, current => AwaitRewrite.Await(SyntaxEdits.RenameCall((InvocationExpressionSyntax)current, "ForEachAsync"), current));
        AddEdit(documentId, lambda, current => WithTokenParameter(MakeLambdaAsync((AnonymousFunctionExpressionSyntax)current)), isDeclaration: true);
    }

    /// <summary><c>async item =&gt; ...</c> → <c>async (item, _) =&gt; ...</c>.</summary>
    private static SyntaxNode WithTokenParameter(AnonymousFunctionExpressionSyntax lambda)
    {
        var discard = SyntaxFactory.Parameter(SyntaxFactory.Identifier("_"));
        return lambda switch
        {
            SimpleLambdaExpressionSyntax simple => SyntaxFactory.ParenthesizedLambdaExpression(
                    simple.AsyncKeyword,
                    SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { simple.Parameter.WithoutTrivia(), discard })).WithTrailingTrivia(simple.Parameter.GetTrailingTrivia()),
                    simple.ArrowToken,
                    simple.Block,
                    simple.ExpressionBody)
                .WithTriviaFrom(simple),
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithParameterList(parenthesized.ParameterList.AddParameters(discard)),
            _ => lambda,
        };
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// A wait in a <c>ContinueWith</c> continuation: <c>first.ContinueWith(_ =&gt; other.Result * 2)</c> →
/// <c>first.ContinueWith(async _ =&gt; await other * 2).Unwrap()</c>. The async continuation makes the call return
/// <c>Task&lt;Task&lt;int&gt;&gt;</c>; <c>Unwrap()</c> (every target framework) gives back the <c>Task&lt;int&gt;</c> it
/// returned, completed when the continuation's work is. An <c>Action</c> continuation becomes a <c>Func&lt;Task, Task&gt;</c>
/// the same way (the call then returns <c>Task&lt;Task&gt;</c>, unwrapped to <c>Task</c>).
/// </summary>
internal sealed partial class AsyncConversion
{
    private readonly HashSet<SyntaxNode> _continuations = new();

    /// <summary>
    /// The first argument of <c>Task.ContinueWith</c> / <c>Task&lt;T&gt;.ContinueWith</c>, returning nothing or a value
    /// that is not itself awaitable, without <c>TaskContinuationOptions.AttachedToParent</c> (the parent would stop
    /// waiting for the continuation at its first await) or options that are not a constant.
    /// </summary>
    private static bool IsContinuationLambda(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (function is not AnonymousFunctionExpressionSyntax { AsyncKeyword.RawKind: 0 }
            || function.Parent is not ArgumentSyntax { NameColon: null, Parent: ArgumentListSyntax { Arguments: var arguments, Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" } } invocation } } argument
            || arguments[0] != argument
            || arguments.Any(a => a.NameColon is not null)
            || model.GetOperation(invocation, cancellationToken) is not Microsoft.CodeAnalysis.Operations.IInvocationOperation { TargetMethod: { IsStatic: false } continueWith } operation
            || continueWith.ContainingType is not { Name: "Task", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } }
            || continueWith.Parameters[0].Type is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
            || (!invoke.ReturnsVoid && KnownTypes.IsAwaitable(invoke.ReturnType)))
        {
            return false;
        }

        return operation.Arguments.All(a => a.Parameter?.Type.Name != "TaskContinuationOptions"
            || a.Value.ConstantValue is { HasValue: true, Value: int options } && (options & 4) == 0);
    }

    /// <summary>The lambda becomes async and the ContinueWith call is unwrapped.</summary>
    private void AddContinuation(DocumentId documentId, SyntaxNode lambda)
    {
        if (!_continuations.Add(lambda))
        {
            return;
        }

        var invocation = lambda.Parent!.Parent!.Parent!;
        AddEdit(documentId, lambda, current => MakeLambdaAsync((AnonymousFunctionExpressionSyntax)current), isDeclaration: true);
        AddEdit(documentId, invocation, current => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, (ExpressionSyntax)current.WithoutTrivia(), SyntaxFactory.IdentifierName("Unwrap")))
            .WithTriviaFrom(current));
    }
}

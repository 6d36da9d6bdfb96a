using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// A lambda or anonymous method added to an event with <c>+=</c>: made <c>async</c>, the accepted form of an event
/// handler (async void), where nothing reads what the handler leaves behind.
/// </summary>
internal sealed partial class AsyncConversion
{
    private readonly HashSet<SyntaxNode> _asyncHandlers = new();

    /// <summary>
    /// <c>button.Click += (s, e) => t.Wait();</c>: the event's delegate returns void, and its arguments have no settable
    /// <c>Cancel</c> or <c>Handled</c> that the raiser reads when the handler returns (<c>Console.CancelKeyPress</c>,
    /// <c>FormClosing</c>): once async, the handler returns at its first await and a later <c>e.Cancel = true</c> comes
    /// too late. Not for <c>-=</c> or a lambda kept in a variable.
    /// </summary>
    private static bool IsEventHandlerLambda(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (function is not AnonymousFunctionExpressionSyntax lambda
            || lambda.Parent is not AssignmentExpressionSyntax { Left: var subscribed } assignment
            || !assignment.IsKind(SyntaxKind.AddAssignmentExpression)
            || assignment.Right != lambda
            || model.GetSymbolInfo(subscribed, cancellationToken).Symbol is not IEventSymbol { Type: INamedTypeSymbol { DelegateInvokeMethod: { ReturnsVoid: true } invoke } })
        {
            return false;
        }

        return !invoke.Parameters.Any(p => HasSettableFlag(p.Type));
    }

    private static bool HasSettableFlag(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers().OfType<IPropertySymbol>().Any(p => p.Name is "Cancel" or "Handled" && p.SetMethod is not null))
            {
                return true;
            }
        }

        return false;
    }

    private void AddAsyncHandler(DocumentId documentId, SyntaxNode lambda)
    {
        if (_asyncHandlers.Add(lambda))
        {
            AddEdit(documentId, lambda, current => MakeLambdaAsync((AnonymousFunctionExpressionSyntax)current), isDeclaration: true);
        }
    }
}

using System;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

internal static partial class DeliberateSyncCall
{
    /// <summary>
    /// Paired hooks: the same function also awaits a sibling on the same receiver (<c>h.Handle(e); await h.HandleAsync(e);</c>),
    /// so the sync call is not a substitute for the async one. Receivers: a local, parameter, field or <c>this</c>. A pair
    /// passes the same arguments (the async call may add some, a token): <c>await s.WriteAsync(header); s.Write(body);</c>
    /// is half-converted code, still reported. Two receivers named for the two paths count as one (<c>_cluster.ClientCall(o);
    /// await _clusterAsync.ClientCallAsync(o);</c>, elastic-transport-net's test auditor runs the same call both ways).
    /// </summary>
    private static bool IsPairedWithItsSibling(IInvocationOperation invocation, IMethodSymbol sibling, CancellationToken cancellationToken)
    {
        if (invocation.Receiver() is not { } receiver || receiver.WithoutConversions() is not (IInstanceReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation))
        {
            return false;
        }

        foreach (var operation in invocation.EnclosingFunctionBody().SelfAndDescendantsInFunction(cancellationToken))
        {
            if (operation is IAwaitOperation awaited
                && AwaitsSibling(awaited, invocation.TargetMethod, sibling, out var call)
                && call is not null
                && (receiver.IsSameObjectAs(call.Receiver()) || AreSyncAndAsyncTwins(receiver, call.Receiver()))
                && StartsWithSameArguments(call.Syntax, invocation.Syntax))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Two variables, fields or properties of one type whose names differ only in the async one's <c>Async</c> suffix, the
    /// other bare or ending in <c>Sync</c> (<c>_cluster</c> and <c>_clusterAsync</c>, <c>clientSync</c> and <c>clientAsync</c>).
    /// </summary>
    private static bool AreSyncAndAsyncTwins(IOperation syncReceiver, IOperation? asyncReceiver)
    {
        if (syncReceiver.ReferencedSymbol() is not { } sync
            || asyncReceiver?.ReferencedSymbol() is not { } async
            || !async.Name.EndsWith("Async", StringComparison.Ordinal)
            || !SymbolEqualityComparer.Default.Equals(syncReceiver.WithoutConversions().Type, asyncReceiver.WithoutConversions().Type))
        {
            return false;
        }

        var stem = async.Name.Substring(0, async.Name.Length - "Async".Length);
        return stem.Length > 0 && (sync.Name == stem || sync.Name == stem + "Sync");
    }

    /// <summary>The async call's written arguments begin with the sync call's, the same expressions in the same order.</summary>
    private static bool StartsWithSameArguments(SyntaxNode asyncCall, SyntaxNode syncCall)
    {
        if (asyncCall is not InvocationExpressionSyntax { ArgumentList.Arguments: var asyncArguments }
            || syncCall is not InvocationExpressionSyntax { ArgumentList.Arguments: var syncArguments }
            || asyncArguments.Count < syncArguments.Count)
        {
            return false;
        }

        for (var i = 0; i < syncArguments.Count; i++)
        {
            if (!SyntaxFactory.AreEquivalent(asyncArguments[i], syncArguments[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>Close</c> or <c>Dispose</c> after the same object was already closed or disposed earlier in the function
    /// (<c>s.Close(); s.Dispose();</c>, <c>await s.DisposeAsync(); s.Dispose();</c>): the later call does no I/O.
    /// </summary>
    private static bool IsCloseAfterClose(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        if (invocation.TargetMethod.Name is not ("Close" or "Dispose") || invocation.Receiver() is not { } receiver)
        {
            return false;
        }

        var start = invocation.Syntax.SpanStart;
        foreach (var operation in invocation.EnclosingFunctionBody().SelfAndDescendantsInFunction(cancellationToken))
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Close" or "Dispose" or "CloseAsync" or "DisposeAsync" } earlier
                && earlier.Syntax.Span.End <= start
                && receiver.IsSameObjectAs(earlier.Receiver()))
            {
                return true;
            }
        }

        return false;
    }
}

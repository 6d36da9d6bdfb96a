using System;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// A library's deliberate sync-over-async boundary (issue #15): a member whose whole body forwards to its own async
/// sibling, <c>M(a, b) =&gt; MAsync(a, b).GetAwaiter().GetResult()</c> (also <c>.Wait()</c>, <c>.Result</c>, a
/// <c>ConfigureAwait(false)</c> or <c>.AsTask()</c> on the way, a block with that one statement or <c>return</c>).
/// BG0101 does not report it: the sync member stays for sync callers, and BG0102 reports the sync calls in async code.
/// </summary>
internal static class AsyncSiblingForward
{
    private const string AsyncSuffix = "Async";

    public static bool IsForward(BlockingCall call, ISymbol containingSymbol)
    {
        // Syntax first: the wait must be the member's whole body.
        if (!IsWholeBody(call.Operation.Syntax)
            || containingSymbol is not IMethodSymbol method
            || call.Task is null)
        {
            return false;
        }

        var task = BlockingCall.WithoutConfigureAwait(call.Task);
        if (task is IInvocationOperation { TargetMethod.Name: "AsTask", Instance: { } valueTask })
        {
            task = valueTask.WithoutConversions();
        }

        return task is IInvocationOperation sibling && IsSiblingCall(sibling, method);
    }

    private static bool IsWholeBody(SyntaxNode wait) => wait.Parent switch
    {
        ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax } => true,
        ExpressionStatementSyntax or ReturnStatementSyntax => wait.Parent.Parent is BlockSyntax { Statements.Count: 1, Parent: MethodDeclarationSyntax },
        _ => false,
    };

    /// <summary><c>MAsync(a, b)</c> on the same type, same static-ness, on <c>this</c>, with M's parameters passed through in order.</summary>
    private static bool IsSiblingCall(IInvocationOperation sibling, IMethodSymbol method)
    {
        var target = sibling.TargetMethod;
        if (target.Name.Length != method.Name.Length + AsyncSuffix.Length
            || !target.Name.StartsWith(method.Name, StringComparison.Ordinal)
            || !target.Name.EndsWith(AsyncSuffix, StringComparison.Ordinal)
            || target.IsStatic != method.IsStatic
            || !SymbolEqualityComparer.Default.Equals(target.ContainingType.OriginalDefinition, method.ContainingType.OriginalDefinition)
            || (sibling.Instance is not null && sibling.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            || target.TypeArguments.Length != method.TypeParameters.Length)
        {
            return false;
        }

        for (var i = 0; i < target.TypeArguments.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(target.TypeArguments[i], method.TypeParameters[i]))
            {
                return false;
            }
        }

        var passed = 0;
        foreach (var argument in sibling.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (passed >= method.Parameters.Length
                || argument.Parameter?.Ordinal != passed
                || argument.Value.WithoutConversions() is not IParameterReferenceOperation reference
                || !SymbolEqualityComparer.Default.Equals(reference.Parameter, method.Parameters[passed]))
            {
                return false;
            }

            passed++;
        }

        return passed == method.Parameters.Length;
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// The lightbulb's cheap check for the one BG0101 fix that can be decided before its edit (issue #16): "Use await" on a
/// wait written directly in async code (an async method, local function or lambda, or top-level statements). There the
/// plan is the await rewrite of the wait alone: no signature, caller, lambda or loop changes, so nothing that only the
/// edited code can tell (a lambda's overload, a caller's boundary, a conversion refused halfway) decides whether it is
/// offered. What could still make the edit not compile keeps the eager form: a ref-like or ref local or a stackalloc in
/// the function, or syntax errors in it (the simplifier throws on some half-typed code, and then nothing is offered).
/// </summary>
internal sealed partial class AsyncConversion
{
    public static async Task<bool> IsAwaitInAsyncCodeAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null
            || !TryFindCall(root, model, span, out var call, cancellationToken)
            || AwaitRewrite.TryPlan(call, model, cancellationToken) is null)
        {
            return false;
        }

        var syntax = call.Operation.Syntax;
        if (AsyncContext.EnclosingFunction(syntax) is not { } function
            || AsyncContext.Classify(function) is not (FunctionKind.Async or FunctionKind.TopLevel)
            || !AsyncContext.AwaitAllowedAt(syntax, function)
            || AsyncContext.IsInConditionalAccess(syntax)
            || TryPlanSelectLoop(syntax, model, cancellationToken) is not null)
        {
            return false;
        }

        // Top-level statements are one function: every statement of the file.
        var scope = function is GlobalStatementSyntax { Parent: { } unit } ? unit : function;
        return !scope.ContainsDiagnostics && !MayHoldRefLikeState(scope, model, cancellationToken);
    }

    /// <summary>As <see cref="HoldsRefLikeState"/>, and <c>ref</c> expressions too, over the whole function.</summary>
    private static bool MayHoldRefLikeState(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken) =>
        function.DescendantNodes().Any(n =>
            n is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax or RefExpressionSyntax
            || (n is VariableDeclarationSyntax v && (v.Type is RefTypeSyntax || model.GetTypeInfo(v.Type, cancellationToken).Type?.IsRefLikeType == true)));

    /// <summary>
    /// Whether the call taking <paramref name="lambda"/> could bind an overload made for async delegates once the lambda is
    /// async, the only way its check (<see cref="BindsOverloadForAsyncDelegates"/>) is passed: some method the call could
    /// bind has a parameter whose delegate returns Task/ValueTask. False rules "Use await" out before its edit is computed
    /// (issue #16: SSH.NET's <c>ThreadAbstraction.ExecuteThread(() =&gt; ...)</c>, an <c>Action</c> only, took 26 ms to say no).
    /// The methods asked are the call's member group, and, for a call on an instance, the extension methods of that name
    /// in scope (bound once no instance method applies); the constructors for <c>new T(...)</c> of a class or struct.
    /// True when they are unknown.
    /// </summary>
    private static bool MayBindOverloadForAsyncDelegates(SyntaxNode lambda, SemanticModel model, CancellationToken cancellationToken)
    {
        IEnumerable<ISymbol> candidates;
        switch (lambda.Parent?.Parent?.Parent)
        {
            case ObjectCreationExpressionSyntax creation when model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol { TypeKind: not TypeKind.Delegate } created:
                candidates = created.InstanceConstructors;
                break;

            case InvocationExpressionSyntax invocation:
                var group = model.GetMemberGroup(invocation.Expression, cancellationToken);
                if (group.IsEmpty)
                {
                    return true;
                }

                candidates = group;
                if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } access
                    && model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is not (INamespaceOrTypeSymbol)
                    && model.GetTypeInfo(access.Expression, cancellationToken).Type is { } receiver)
                {
                    candidates = candidates.Concat(model.LookupSymbols(invocation.SpanStart, receiver, name, includeReducedExtensionMethods: true));
                }
                else if (invocation.Expression is MemberBindingExpressionSyntax)
                {
                    return true;
                }

                break;

            default:
                return true;
        }

        return candidates.OfType<IMethodSymbol>().Any(method => method.OriginalDefinition.Parameters.Any(TakesAsyncDelegate));
    }
}

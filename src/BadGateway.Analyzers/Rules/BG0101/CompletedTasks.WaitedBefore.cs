using System.Collections.Generic;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// A task already waited for synchronously (<c>t.Wait(); return t.Result;</c>: only the first wait blocks), and the
/// elements of a collection awaited or waited for as a whole, read in a lambda over it (<c>tasks.Sum(t =&gt; t.Result)</c>).
/// </summary>
internal static partial class CompletedTasks
{
    /// <summary>
    /// An earlier wait that cannot time out (<c>t.Wait()</c>, <c>t.Wait(ct)</c>, <c>t.Result</c>,
    /// <c>t.GetAwaiter().GetResult()</c>, <c>Task.WaitAll(tasks)</c>) on a tracked task, in a statement every path to the
    /// wait runs, not inside a condition, with no change to the task in between.
    /// </summary>
    private static bool IsWaitedBefore(IOperation site, List<ISymbol> symbols, KnownTypes types, CancellationToken cancellationToken)
    {
        var siteFunction = EnclosingFunction(site);
        var candidates = WaitPositions(site, siteFunction, cancellationToken);
        if (candidates.Count == 0)
        {
            return false;
        }

        return IsCompletedInAnEarlierStatement(
            site,
            siteFunction,
            candidates,
            symbols,
            earlier => earlier.Kind is OperationKind.Invocation or OperationKind.PropertyReference && CompletesTracked(earlier, symbols, types, cancellationToken),
            cancellationToken);
    }

    /// <summary>Whether <paramref name="operation"/> is a wait that returns only once a tracked task has completed.</summary>
    private static bool CompletesTracked(IOperation operation, List<ISymbol> symbols, KnownTypes types, CancellationToken cancellationToken)
    {
        if (!BlockingCall.TryCreate(operation, types, out var call, cancellationToken))
        {
            return false;
        }

        switch (call.Kind)
        {
            case BlockingKind.Wait:
            case BlockingKind.WaitAll:
                // Wait(timeout) and WaitAll(tasks, timeout) return whether the wait ended in time: only the void ones prove completion.
                var invocation = (IInvocationOperation)operation;
                return invocation.TargetMethod.ReturnsVoid
                    && (call.Kind == BlockingKind.WaitAll ? CoversAll(invocation, symbols) : References(BlockingCall.WithoutConfigureAwait(call.Task!), symbols));
            case BlockingKind.Result:
            case BlockingKind.GetResult:
                // Not a ValueTask: it may be consumed only once.
                return call.Task is { } task
                    && BlockingCall.WithoutConfigureAwait(task) is var waited
                    && KnownTypes.IsOrDerivesFrom(waited.Type, types.Task)
                    && References(waited, symbols);
            default:
                return false;
        }
    }

    /// <summary>
    /// Where a token named like a wait (<c>Wait</c>, <c>WaitAll</c>, <c>Result</c>, <c>GetResult</c>) is written between the
    /// start of the function and the wait: only the statements holding one are looked through. Tokens, not text, so an
    /// identifier written with a Unicode escape is found too.
    /// </summary>
    private static List<int> WaitPositions(IOperation site, IOperation? siteFunction, CancellationToken cancellationToken)
    {
        var positions = new List<int>();
        var function = (siteFunction ?? site.Root()).Syntax;
        var start = function.SpanStart;
        var end = site.Syntax.SpanStart;
        if (end <= start)
        {
            return positions;
        }

        foreach (var token in function.DescendantTokens(TextSpan.FromBounds(start, end)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (token.IsKind(SyntaxKind.IdentifierToken)
                && token.SpanStart >= start
                && token.ValueText is "Wait" or "WaitAll" or "Result" or "GetResult")
            {
                positions.Add(token.SpanStart);
            }
        }

        return positions;
    }

    /// <summary>
    /// Whether <paramref name="operation"/> runs whenever the statement holding it runs: not in a branch of a conditional,
    /// the right side of <c>&amp;&amp;</c>/<c>||</c>/<c>??</c>, after <c>?.</c>, in a loop, switch or lambda.
    /// </summary>
    private static bool IsUnconditionalInStatement(IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null and not IBlockOperation; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.Condition != child:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary when binary.RightOperand == child:
                case ICoalesceOperation coalesce when coalesce.WhenNull == child:
                case ICoalesceAssignmentOperation coalesceAssignment when coalesceAssignment.Value == child:
                case IConditionalAccessOperation access when access.WhenNotNull == child:
                case ILoopOperation or ISwitchOperation or ISwitchExpressionOperation or IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>await Task.WhenAll(tasks); return tasks.Sum(t =&gt; t.Result);</c>: the parameter of a lambda handed to a call over
    /// a collection (its receiver or first argument, also through <c>Where</c>, <c>OrderBy</c>, <c>ToList</c>, ...) that was
    /// awaited or waited for as a whole before that call.
    /// </summary>
    private static bool IsElementOfCompletedCollection(IOperation task, KnownTypes types, CancellationToken cancellationToken)
    {
        if (task.WithoutConversions() is not IParameterReferenceOperation { Parameter: { Ordinal: 0, ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda } })
        {
            return false;
        }

        for (var current = task.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation function || !SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                continue;
            }

            var argument = function.Parent.OutsideDelegateCreation();
            if (argument is not IArgumentOperation { Parent: IInvocationOperation call }
                || SourceCollection(call, argument) is not { } collection
                || IsDeferredQuery(collection, cancellationToken))
            {
                return false;
            }

            var symbols = new List<ISymbol> { collection };
            return IsAwaitedBefore(call, symbols, cancellationToken) || IsWaitedBefore(call, symbols, types, cancellationToken);
        }

        return false;
    }

    /// <summary>The collection a call that takes a lambda runs over: its receiver, or its first argument (an extension method, <c>Array.ForEach</c>).</summary>
    private static ISymbol? SourceCollection(IInvocationOperation call, IOperation lambdaArgument)
    {
        var source = call.Instance;
        if (source is null)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0 && argument != lambdaArgument)
                {
                    source = argument.Value;
                }
            }
        }

        return source is null ? null : WithoutElementPreservingSteps(source, allElements: false).ReferencedSymbol();
    }

    /// <summary>
    /// The collection under steps that keep its elements: <c>tasks.ToArray()</c>, <c>tasks.OrderBy(...)</c>
    /// (<c>Enumerable</c>'s, or a collection's own <c>ToArray()</c>/<c>ToList()</c>); unless <paramref name="allElements"/>,
    /// also the steps that keep some of them (<c>Where</c>, <c>Skip</c>, ...).
    /// </summary>
    private static IOperation WithoutElementPreservingSteps(IOperation source, bool allElements)
    {
        while (true)
        {
            source = source.WithoutConversions();
            switch (source)
            {
                case IInvocationOperation { Instance: { } instance, TargetMethod.Name: "ToArray" or "ToList" or "AsReadOnly" }:
                    source = instance;
                    break;
                case IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType.Name: "Enumerable" } step } link
                    when (allElements ? KeepsEveryElement(step.Name) : IsElementPreserving(step.Name)) && link.Arguments.Length > 0:
                    source = link.Arguments[0].Value;
                    break;
                default:
                    return source;
            }
        }
    }

    private static bool KeepsEveryElement(string name) =>
        name is "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Distinct" or "Reverse" or "AsEnumerable" or "ToList" or "ToArray";

    private static bool IsElementPreserving(string name) =>
        name is "Where" or "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Skip" or "Take" or "SkipWhile" or "TakeWhile"
            or "Distinct" or "Reverse" or "AsEnumerable" or "ToList" or "ToArray";

    /// <summary>
    /// A local of an interface type initialized with a projection that is not materialized
    /// (<c>var tasks = urls.Select(u =&gt; GetAsync(u));</c>, a query expression): each enumeration starts new tasks, so
    /// awaiting it once does not complete the tasks read later.
    /// </summary>
    private static bool IsDeferredQuery(ISymbol collection, CancellationToken cancellationToken)
    {
        if (collection is not ILocalSymbol { Type.TypeKind: TypeKind.Interface } local
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return false;
        }

        while (value is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            value = value is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)value).Expression;
        }

        return value is QueryExpressionSyntax
            || (value is InvocationExpressionSyntax invocation && NameOf(invocation.Expression) is "Select" or "SelectMany" or "Zip");
    }
}

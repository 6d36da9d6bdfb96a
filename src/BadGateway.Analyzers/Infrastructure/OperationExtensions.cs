using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Infrastructure;

internal static class OperationExtensions
{
    /// <summary>
    /// The operation that consumes <paramref name="operation"/>'s value, looking through conversions and parentheses;
    /// <paramref name="child"/> is the operand it holds (the outermost conversion of the value).
    /// </summary>
    public static IOperation? ConsumerOf(this IOperation operation, out IOperation child)
    {
        child = operation;
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>
    /// The operation a lambda or method group is handed to, looking through the delegate creation and conversions around
    /// it (<c>Lazy&lt;T&gt;(() =&gt; ...)</c>: the argument of the constructor).
    /// </summary>
    public static IOperation? OutsideDelegateCreation(this IOperation? operation)
    {
        var current = operation;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>
    /// Inside <c>nameof</c> or a lambda converted to an expression tree, where nothing runs (and <c>await</c> is illegal).
    /// The walk stops at nothing: an expression-tree lambda around a nested lambda still counts.
    /// </summary>
    public static bool IsInNameOfOrExpressionTree(this IOperation operation, KnownTypes types)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case INameOfOperation:
                    return true;
                case IAnonymousFunctionOperation { Parent: { } parent }
                    when (parent is IDelegateCreationOperation or IConversionOperation) && KnownTypes.IsOrDerivesFrom(parent.Type, types.LambdaExpression):
                    return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="operation"/> without the conversions and parentheses around its value.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        var current = operation;
        while (true)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    break;
                default:
                    return current;
            }
        }
    }

    /// <summary>The symbol of a local, parameter, or field or property of this type or static, that <paramref name="operation"/> reads.</summary>
    public static ISymbol? ReferencedSymbol(this IOperation operation) => operation.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property,
        _ => null,
    };

    /// <summary>The outermost operation of the block <paramref name="operation"/> belongs to.</summary>
    public static IOperation Root(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>
    /// The operations under <paramref name="root"/>, as <see cref="Microsoft.CodeAnalysis.Operations.OperationExtensions.Descendants"/>,
    /// with a cancellation check before each: a walk through a whole member body, run per node, is the long loop of a
    /// callback (a method of thousands of lines).
    /// </summary>
    public static IEnumerable<IOperation> Descendants(this IOperation root, CancellationToken cancellationToken)
    {
        foreach (var operation in Microsoft.CodeAnalysis.Operations.OperationExtensions.Descendants(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return operation;
        }
    }

    /// <summary>The nearest lambda or anonymous method around <paramref name="operation"/>, if any.</summary>
    public static IAnonymousFunctionOperation? EnclosingAnonymousFunction(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation function)
            {
                return function;
            }

            if (current is ILocalFunctionOperation)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The nearest local function around <paramref name="operation"/>, if any (stopping at lambdas).</summary>
    public static ILocalFunctionOperation? EnclosingLocalFunction(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation function)
            {
                return function;
            }

            if (current is IAnonymousFunctionOperation)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The function body <paramref name="operation"/> runs in: the nearest lambda's or local function's, else the member's
    /// (the outermost operation).
    /// </summary>
    public static IOperation EnclosingFunctionBody(this IOperation operation)
    {
        var current = operation;
        for (var parent = operation.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation function:
                    return function.Body;
                case ILocalFunctionOperation function:
                    return (IOperation?)function.Body ?? function;
            }
        }

        return current;
    }

    /// <summary>
    /// <paramref name="root"/> and the operations under it that run in the same function: lambdas, anonymous methods and
    /// local functions inside it are not entered.
    /// </summary>
    public static IEnumerable<IOperation> SelfAndDescendantsInFunction(this IOperation root, CancellationToken cancellationToken)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = pending.Pop();
            yield return current;
            foreach (var child in current.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>The call an <c>await</c> awaits, through <c>ConfigureAwait(...)</c> and <c>AsTask()</c>; null for anything else.</summary>
    public static IInvocationOperation? AwaitedInvocation(this IAwaitOperation awaited)
    {
        var current = awaited.Operation.WithoutConversions();
        while (current is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask", Instance: { } inner })
        {
            current = inner.WithoutConversions();
        }

        return current as IInvocationOperation;
    }

    /// <summary>The object a call is made on: its instance, or the first argument of an extension method; null for a static call.</summary>
    public static IOperation? Receiver(this IInvocationOperation invocation) =>
        invocation.Instance
        ?? (invocation.TargetMethod.IsExtensionMethod && !invocation.Arguments.IsEmpty ? invocation.Arguments[0].Value : null);

    /// <summary>
    /// Whether two receivers name the same object: <c>this</c> (written or not) both times, or the same local, parameter,
    /// or field or property of this type (see <see cref="ReferencedSymbol"/>).
    /// </summary>
    public static bool IsSameObjectAs(this IOperation? left, IOperation? right)
    {
        if (left is null || right is null)
        {
            return false;
        }

        left = left.WithoutConversions();
        right = right.WithoutConversions();
        if (left is IInstanceReferenceOperation && right is IInstanceReferenceOperation)
        {
            return true;
        }

        return left.ReferencedSymbol() is { } symbol && SymbolEqualityComparer.Default.Equals(symbol, right.ReferencedSymbol());
    }
}

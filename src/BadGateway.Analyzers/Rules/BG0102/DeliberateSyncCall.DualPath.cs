using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

internal static partial class DeliberateSyncCall
{
    /// <summary>
    /// One body serving a sync and an async entry point, chosen by a flag (Elastic's transport, the Azure SDK's
    /// <c>async</c> parameter): the call sits in one branch of an <c>if</c> or <c>?:</c> whose condition is a bool local,
    /// parameter, field or property (or its negation), and the other branch awaits a sibling of the call. The branches
    /// may nest (else-if chains, loops, usings); the search stops at the function the call is in.
    /// </summary>
    private static bool IsInDualPath(IInvocationOperation invocation, IMethodSymbol sibling, CancellationToken cancellationToken)
    {
        IOperation child = invocation;
        for (var parent = invocation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IConditionalOperation conditional when IsBoolFlag(conditional.Condition):
                    var other = ReferenceEquals(child, conditional.WhenTrue) ? conditional.WhenFalse
                        : ReferenceEquals(child, conditional.WhenFalse) ? conditional.WhenTrue
                        : null;
                    if (other is not null
                        && (BranchAwaitsSibling(other, invocation.TargetMethod, sibling, cancellationToken) || (IsNamedAsync(conditional.Condition) && BranchAwaits(other, cancellationToken))))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>isAsync</c>, <c>!isAsync</c>, <c>_async</c>, <c>options.IsAsync</c>: a bool read from a variable or member, not
    /// computed; or a mode read the same way and compared with an enum member that names the path
    /// (MySqlConnector's <c>ioBehavior == IOBehavior.Synchronous</c>, <c>!=</c>, <c>is IOBehavior.Asynchronous</c>).
    /// </summary>
    private static bool IsBoolFlag(IOperation condition)
    {
        var current = WithoutNegation(condition);
        return (IsReadFlag(current) && current.Type?.SpecialType == SpecialType.System_Boolean) || IsModeComparison(current);
    }

    private static bool IsReadFlag(IOperation operation) =>
        operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.IsEmpty: true };

    /// <summary><c>mode == E.Synchronous</c> (either side), <c>mode != E.Asynchronous</c>, <c>mode is E.Sync</c>: the enum member names a sync or async path.</summary>
    private static bool IsModeComparison(IOperation condition)
    {
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var left = comparison.LeftOperand.WithoutConversions();
                var right = comparison.RightOperand.WithoutConversions();
                return (IsReadFlag(left) && IsPathMember(right)) || (IsReadFlag(right) && IsPathMember(left));
            case IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern:
                return IsReadFlag(pattern.Value.WithoutConversions()) && IsPathMember(constant.Value.WithoutConversions());
            default:
                return false;
        }
    }

    /// <summary>An enum member named for a path: <c>Synchronous</c>, <c>Sync</c>, <c>Asynchronous</c>, <c>Async</c>.</summary>
    internal static bool IsPathMember(IOperation operation) =>
        operation is IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum, Name: "Synchronous" or "Sync" or "Asynchronous" or "Async" } };

    /// <summary>
    /// The flag says which path this is (<c>isAsync</c>, <c>async</c>, <c>useAsync</c>, <c>IsAsync</c>): then any await in
    /// the other branch makes it the async path, also when it awaits another API (elastic awaits
    /// <c>Task.Factory.FromAsync(request.BeginGetResponse, ...)</c> where the sync path calls <c>GetResponse()</c>).
    /// </summary>
    private static bool IsNamedAsync(IOperation condition)
    {
        if (IsModeComparison(WithoutNegation(condition)))
        {
            return true;
        }

        var name = WithoutNegation(condition) switch
        {
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            _ => null,
        };
        return name is not null && name.IndexOf("async", System.StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>The flag under any number of <c>!</c> and conversions.</summary>
    private static IOperation WithoutNegation(IOperation condition)
    {
        var current = condition.WithoutConversions();
        while (current is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            current = not.Operand.WithoutConversions();
        }

        return current;
    }

    private static bool BranchAwaits(IOperation branch, CancellationToken cancellationToken)
    {
        foreach (var operation in branch.SelfAndDescendantsInFunction(cancellationToken))
        {
            // An await of something unbound (half-typed code) is no evidence of an async path.
            if (operation is IAwaitOperation { Operation: not IInvalidOperation, Operation.Type.TypeKind: not TypeKind.Error })
            {
                return true;
            }
        }

        return false;
    }

    private static bool BranchAwaitsSibling(IOperation branch, IMethodSymbol method, IMethodSymbol sibling, CancellationToken cancellationToken)
    {
        foreach (var operation in branch.SelfAndDescendantsInFunction(cancellationToken))
        {
            if (operation is IAwaitOperation awaited && AwaitsSibling(awaited, method, sibling, out _))
            {
                return true;
            }
        }

        return false;
    }
}

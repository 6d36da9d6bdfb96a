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
    private static bool IsInDualPath(IInvocationOperation invocation, IMethodSymbol sibling, KnownTypes types, CancellationToken cancellationToken)
    {
        IOperation child = invocation;
        for (var parent = invocation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IConditionalOperation named when IsSyncBranch(named, child)
                    && (named.WhenFalse is null ? LaterStatementIsAsyncPath(named, types, cancellationToken) : IsAsyncPath(ReferenceEquals(child, named.WhenTrue) ? named.WhenFalse : named.WhenTrue, types, cancellationToken)):
                    // The sync branch of a flag named for the path, where the other path awaits or hands back a task (Npgsql's
                    // `async ? ReadAsync(r) : new(Read(r))`, `if (!async) return new(Read(reader));` then the async code).
                    return true;
                case IBlockOperation block when IsAfterAsyncExit(block, child, types, cancellationToken):
                    return true;
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

    /// <summary>
    /// Whether the true branch of <paramref name="condition"/> is the sync path (<c>!async</c>, <c>!isAsync</c>,
    /// <c>mode == IOBehavior.Synchronous</c>, <c>mode != IOBehavior.Asynchronous</c>), the async one (false), or neither
    /// says (null): only a flag named for a path tells.
    /// </summary>
    private static bool? SyncWhenTrue(IOperation condition)
    {
        var negations = 0;
        var current = condition.WithoutConversions();
        while (current is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            negations++;
            current = not.Operand.WithoutConversions();
        }

        bool? syncWhenTrue;
        if (IsModeComparison(current))
        {
            var (comparison, member) = current switch
            {
                IBinaryOperation binary => (binary.OperatorKind, IsPathMember(binary.RightOperand.WithoutConversions()) ? binary.RightOperand.WithoutConversions() : binary.LeftOperand.WithoutConversions()),
                IIsPatternOperation { Pattern: IConstantPatternOperation constant } => (BinaryOperatorKind.Equals, constant.Value.WithoutConversions()),
                _ => (BinaryOperatorKind.None, current),
            };
            var namesSync = member is IFieldReferenceOperation { Field.Name: "Synchronous" or "Sync" };
            syncWhenTrue = comparison == BinaryOperatorKind.Equals ? namesSync : !namesSync;
        }
        else if (IsReadFlag(current) && current.Type?.SpecialType == SpecialType.System_Boolean && IsNamedAsync(current))
        {
            syncWhenTrue = false;
        }
        else
        {
            return null;
        }

        return negations % 2 == 0 ? syncWhenTrue : !syncWhenTrue;
    }

    /// <summary>Whether <paramref name="child"/> is the sync branch of <paramref name="conditional"/>, whose flag is named for its path.</summary>
    internal static bool IsSyncBranch(IConditionalOperation conditional, IOperation child) =>
        SyncWhenTrue(conditional.Condition) is { } syncWhenTrue
        && (ReferenceEquals(child, conditional.WhenTrue) ? syncWhenTrue : ReferenceEquals(child, conditional.WhenFalse) && !syncWhenTrue);

    /// <summary>
    /// An earlier statement of <paramref name="block"/> is <c>if (async) { ...; return ...; }</c> (the async path, which
    /// always leaves), so <paramref name="child"/> runs only on the sync path (<c>if (async) return WriteAsync(w, v, ct); Write(w, v);</c>).
    /// </summary>
    private static bool IsAfterAsyncExit(IBlockOperation block, IOperation child, KnownTypes types, CancellationToken cancellationToken)
    {
        foreach (var statement in block.Operations)
        {
            if (ReferenceEquals(statement, child))
            {
                return false;
            }

            if (statement is IConditionalOperation { WhenFalse: null } exit && SyncWhenTrue(exit.Condition) == false && AlwaysLeaves(exit.WhenTrue) && IsAsyncPath(exit.WhenTrue, types, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The other path is the async one: it awaits (something bound), or is or returns a task (a method that is not async
    /// hands its caller the task: <c>if (async) return WriteAsync(w, v, ct);</c>).
    /// </summary>
    private static bool IsAsyncPath(IOperation branch, KnownTypes types, CancellationToken cancellationToken)
    {
        if (BranchAwaits(branch, cancellationToken) || IsTaskValued(branch, types))
        {
            return true;
        }

        foreach (var operation in branch.SelfAndDescendantsInFunction(cancellationToken))
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } && IsTaskValued(returned, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTaskValued(IOperation operation, KnownTypes types) =>
        operation.WithoutConversions() is not IInvalidOperation and { Type: var type } && types.IsTaskLike(type);

    /// <summary>After <c>if (!async) { ... }</c> without an else, a later statement of its block is the async path.</summary>
    private static bool LaterStatementIsAsyncPath(IConditionalOperation onlyIf, KnownTypes types, CancellationToken cancellationToken)
    {
        if (onlyIf.Parent is not IBlockOperation block)
        {
            return false;
        }

        var after = false;
        foreach (var statement in block.Operations)
        {
            if (after && IsAsyncPath(statement, types, cancellationToken))
            {
                return true;
            }

            after |= ReferenceEquals(statement, onlyIf);
        }

        return false;
    }

    private static bool AlwaysLeaves(IOperation statement) => statement switch
    {
        IBlockOperation block => block.Operations.Length > 0 && AlwaysLeaves(block.Operations[block.Operations.Length - 1]),
        IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        _ => false,
    };

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

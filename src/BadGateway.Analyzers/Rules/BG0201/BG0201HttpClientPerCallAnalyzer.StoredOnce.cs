using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// A client kept once created: the value of a <c>Lazy&lt;HttpClient&gt;</c> kept in a field or property, a cache's value
/// factory (<c>_clients.GetOrAdd(host, h =&gt; Create(h))</c>), <c>_client ??= ...</c>, an assignment under a null check of
/// the field, a dictionary filled on a miss. Whether the field is static or not: the code keeps the client for reuse.
/// </summary>
public sealed partial class BG0201HttpClientPerCallAnalyzer
{
    /// <summary>Whether the client <paramref name="value"/> (a creation or a factory's call) evaluates to is kept for reuse.</summary>
    private static bool IsStoredOnce(IOperation value, KnownTypes types, CancellationToken cancellationToken)
    {
        var consumer = value.ConsumerOf(out var child);
        if (IsKeptBy(consumer, child, types, cancellationToken))
        {
            return true;
        }

        // Wrapped in an object that is kept: _clients.GetOrAdd(host, h => new FlurlClient(new HttpClient(...))).
        if (consumer is IArgumentOperation { Parent: IObjectCreationOperation wrapper }
            && !KnownTypes.IsOrDerivesFrom(wrapper.Type, types.HttpMessageInvoker, types.HttpMessageHandler))
        {
            return IsStoredOnce(wrapper, types, cancellationToken);
        }

        // Through a local: var client = Create(); ...; _cache[key] = client; / return client; from a value factory.
        ISymbol? local = consumer switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == child => target.Local,
            _ => null,
        };
        if (local is null)
        {
            return false;
        }

        foreach (var reference in value.Root().Descendants(cancellationToken).OfType<ILocalReferenceOperation>())
        {
            if (SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && reference.ConsumerOf(out var referenceChild) is { } use
                && use is not IVariableInitializerOperation
                && IsKeptBy(use, referenceChild, types, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="consumer"/>, taking <paramref name="child"/>, keeps the client for reuse.</summary>
    private static bool IsKeptBy(IOperation? consumer, IOperation child, KnownTypes types, CancellationToken cancellationToken)
    {
        switch (consumer)
        {
            case ICoalesceAssignmentOperation coalesce when coalesce.Value == child:
                return IsMember(coalesce.Target);

            case IAssignmentOperation assignment when assignment.Value == child:
                if (assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } dictionary })
                {
                    return IsFilledOnMiss(dictionary, assignment, cancellationToken);
                }

                return IsMember(assignment.Target)
                    && (IsInsideCoalesce(assignment) || IsUnderNullCheck(assignment, assignment.Target.ReferencedSymbol()));

            case IArgumentOperation { Parameter.Ordinal: 1, Parent: IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd", Instance: { } cache } add }:
                return IsFilledOnMiss(cache, add, cancellationToken);

            case IReturnOperation { Kind: OperationKind.Return } returned when returned.EnclosingAnonymousFunction() is { } function:
                return IsValueFactory(function, types, cancellationToken);

            default:
                return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="function"/> (a lambda or a method group) is the value factory of storage that runs it once:
    /// <c>new Lazy&lt;HttpClient&gt;(...)</c> kept in a field or property, <c>GetOrAdd</c>/<c>GetOrCreate</c>/<c>AddOrUpdate</c>'s
    /// add factory on a field's cache, <c>LazyInitializer.EnsureInitialized(ref _field, ...)</c>.
    /// </summary>
    private static bool IsValueFactory(IOperation function, KnownTypes types, CancellationToken cancellationToken)
    {
        if (function.Parent.OutsideDelegateCreation() is not IArgumentOperation argument)
        {
            return false;
        }

        switch (argument.Parent)
        {
            case IObjectCreationOperation lazy when types.LazyOfT is { } lazyOfT && SymbolEqualityComparer.Default.Equals(lazy.Type?.OriginalDefinition, lazyOfT):
                return IsKeptInMember(lazy, cancellationToken);

            case IInvocationOperation { TargetMethod.Name: "GetOrAdd" or "GetOrCreate" } call:
                return CacheOf(call) is { } cache && IsMember(cache);

            case IInvocationOperation { TargetMethod.Name: "AddOrUpdate" } call when argument.Parameter?.Name == "addValueFactory":
                return CacheOf(call) is { } added && IsMember(added);

            case IInvocationOperation { TargetMethod.Name: "EnsureInitialized" } ensure:
                return ensure.Arguments.Length > 0 && IsMember(ensure.Arguments[0].Value);

            default:
                return false;
        }
    }

    /// <summary>The receiver of a cache call, or its first argument for an extension (<c>IMemoryCache.GetOrCreate</c>).</summary>
    private static IOperation? CacheOf(IInvocationOperation call) =>
        call.Instance ?? call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0 && a.Parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })?.Value;

    /// <summary>A <c>Lazy&lt;T&gt;</c> kept in a field or property: its initializer, an assignment, or a local assigned to one.</summary>
    private static bool IsKeptInMember(IOperation lazy, CancellationToken cancellationToken)
    {
        var consumer = lazy.ConsumerOf(out var child);
        switch (consumer)
        {
            case IFieldInitializerOperation or IPropertyInitializerOperation:
                return true;
            case IAssignmentOperation assignment when assignment.Value == child:
                return IsMember(assignment.Target);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return lazy.Root().Descendants(cancellationToken).OfType<IAssignmentOperation>()
                    .Any(a => IsMember(a.Target) && SymbolEqualityComparer.Default.Equals(a.Value.ReferencedSymbol(), declarator.Symbol));
            default:
                return false;
        }
    }

    /// <summary>A field or property (not an indexer) of any object.</summary>
    private static bool IsMember(IOperation target) => target.WithoutConversions() switch
    {
        IFieldReferenceOperation => true,
        IPropertyReferenceOperation property => !property.Property.IsIndexer,
        _ => false,
    };

    /// <summary><c>_client ?? (_client = ...)</c>.</summary>
    private static bool IsInsideCoalesce(IAssignmentOperation assignment) =>
        assignment.ConsumerOf(out var child) is ICoalesceOperation coalesce && coalesce.WhenNull == child;

    /// <summary>
    /// An assignment to a member inside <c>if (_client == null)</c> / <c>if (_client is null)</c>, or after
    /// <c>if (_client != null) return _client;</c> in an enclosing block.
    /// </summary>
    private static bool IsUnderNullCheck(IOperation assignment, ISymbol? member)
    {
        if (member is null)
        {
            return false;
        }

        var child = assignment;
        for (var parent = assignment.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.WhenTrue == child && IsNullCheck(conditional.Condition, member, isNull: true):
                    return true;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IConditionalOperation { WhenFalse: null } exit
                            && EndsInReturn(exit.WhenTrue)
                            && IsNullCheck(exit.Condition, member, isNull: false))
                        {
                            return true;
                        }
                    }

                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool EndsInReturn(IOperation statement) => statement switch
    {
        IReturnOperation { Kind: OperationKind.Return } => true,
        IBlockOperation { Operations: { Length: > 0 } operations } => EndsInReturn(operations[operations.Length - 1]),
        _ => false,
    };

    private static bool IsNullCheck(IOperation condition, ISymbol member, bool isNull)
    {
        switch (condition.WithoutConversions())
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                when (binary.OperatorKind == BinaryOperatorKind.Equals) == isNull:
                return (IsNull(binary.RightOperand) && IsSymbol(binary.LeftOperand, member))
                    || (IsNull(binary.LeftOperand) && IsSymbol(binary.RightOperand, member));
            case IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern when isNull:
                return IsNull(constant.Value) && IsSymbol(pattern.Value, member);
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } pattern when !isNull:
                return IsNull(constant.Value) && IsSymbol(pattern.Value, member);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when isNull:
                return IsNullCheck(conjunction.LeftOperand, member, isNull) || IsNullCheck(conjunction.RightOperand, member, isNull);
            default:
                return false;
        }
    }

    private static bool IsNull(IOperation operation) => operation.WithoutConversions().ConstantValue is { HasValue: true, Value: null };

    private static bool IsSymbol(IOperation operation, ISymbol symbol) =>
        SymbolEqualityComparer.Default.Equals(operation.ReferencedSymbol(), symbol);

    /// <summary>
    /// A store into a field's dictionary (<c>_clients[host] = client</c>, <c>_clients.Add(host, client)</c>) in a member that
    /// first asks it for the key (<c>TryGetValue</c>, <c>ContainsKey</c>): a dictionary filled on a miss.
    /// </summary>
    private static bool IsFilledOnMiss(IOperation cache, IOperation store, CancellationToken cancellationToken)
    {
        if (!IsMember(cache) || cache.ReferencedSymbol() is not { } symbol)
        {
            return false;
        }

        return store.Root().Descendants(cancellationToken).OfType<IInvocationOperation>().Any(lookup =>
            lookup.TargetMethod.Name is "TryGetValue" or "ContainsKey"
            && lookup.Syntax.SpanStart < store.Syntax.SpanStart
            && lookup.Instance is { } instance
            && IsSymbol(instance, symbol));
    }
}

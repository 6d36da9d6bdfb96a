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
}

using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// BG0102: readers, writers and streams that never touch a device, whose synchronous members never block:
/// <c>MemoryStream</c>, <c>StringReader</c>, <c>StringWriter</c>, the <c>Null</c> streams and writers, and a
/// StreamReader/StreamWriter/BinaryReader/BinaryWriter (any reader, writer or stream) created over one of those in the same member.
/// </summary>
internal static class InMemoryIo
{
    // A wrapper of a wrapper of a local ... is followed this deep; a local assigned from itself stops here too.
    private const int MaxDepth = 4;

    /// <summary>Whether <paramref name="receiver"/> is an in-memory reader, writer or stream.</summary>
    public static bool Is(IOperation? receiver, KnownTypes types) => Is(receiver, types, 0);

    private static bool Is(IOperation? receiver, KnownTypes types, int depth)
    {
        receiver = receiver?.WithoutConversions();
        if (receiver?.Type is not { } type || depth > MaxDepth || !IsIoType(type, types))
        {
            return false;
        }

        if (KnownTypes.IsOrDerivesFrom(type, types.MemoryStream, types.StringReader) || KnownTypes.IsOrDerivesFrom(type, types.StringWriter))
        {
            return true;
        }

        return receiver switch
        {
            IFieldReferenceOperation { Field: { IsStatic: true, Name: "Null" } field } => IsIoType(field.ContainingType, types),
            IObjectCreationOperation creation => IsOverInMemory(creation, types, depth),
            ILocalReferenceOperation local => AllValuesInMemory(local, types, depth),
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => Is(conditional.WhenTrue, types, depth + 1) && Is(whenFalse, types, depth + 1),
            _ => false,
        };
    }

    private static bool IsIoType(ITypeSymbol type, KnownTypes types) =>
        KnownTypes.IsOrDerivesFrom(type, types.Stream, types.TextReader)
        || KnownTypes.IsOrDerivesFrom(type, types.TextWriter, types.BinaryReader)
        || KnownTypes.IsOrDerivesFrom(type, types.BinaryWriter);

    /// <summary><c>new StreamReader(memory)</c>: a reader, writer or stream whose every stream, reader or writer argument is in memory (at least one).</summary>
    private static bool IsOverInMemory(IObjectCreationOperation creation, KnownTypes types, int depth)
    {
        var found = false;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Value.WithoutConversions().Type is { } argumentType && IsIoType(argumentType, types))
            {
                if (!Is(argument.Value, types, depth + 1))
                {
                    return false;
                }

                found = true;
            }
        }

        return found;
    }

    /// <summary>Every value the local is given in its member (initializer and assignments) is in memory; a local passed by ref or out is not followed.</summary>
    private static bool AllValuesInMemory(ILocalReferenceOperation reference, KnownTypes types, int depth)
    {
        var local = reference.Local;
        if (local.IsRef || local.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        var found = false;
        foreach (var operation in reference.Root().Descendants())
        {
            IOperation? value = operation switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => declarator.Initializer?.Value ?? declarator,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
                IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In, Value: ILocalReferenceOperation passed } argument
                    when SymbolEqualityComparer.Default.Equals(passed.Local, local) => argument,
                IDeconstructionAssignmentOperation deconstruction
                    when deconstruction.Target.Descendants().OfType<ILocalReferenceOperation>().Any(l => SymbolEqualityComparer.Default.Equals(l.Local, local)) => deconstruction,
                _ => null,
            };
            if (value is null)
            {
                continue;
            }

            if (!Is(value, types, depth + 1))
            {
                return false;
            }

            found = true;
        }

        return found;
    }
}

using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// BG0102: readers, writers and streams that never touch a device, whose synchronous members never block:
/// <c>MemoryStream</c>, <c>StringReader</c>, <c>StringWriter</c>, a stream named for memory (MimeKit's <c>MemoryBlockStream</c>), the <c>Null</c> streams and writers, and a
/// StreamReader/StreamWriter/BinaryReader/BinaryWriter (any reader, writer or stream) created over one of those in the same member;
/// also <c>Console.Out</c>/<c>Error</c>/<c>In</c> (synchronized writers whose async methods run synchronously) and the body of
/// an HTTP response that <c>HttpClient</c> buffered (<c>await response.Content.ReadAsStreamAsync()</c> after a
/// <c>SendAsync</c>/<c>GetAsync</c> without <c>ResponseHeadersRead</c>).
/// </summary>
internal static class InMemoryIo
{
    // A wrapper of a wrapper of a local ... is followed this deep; a local assigned from itself stops here too.
    private const int MaxDepth = 4;

    /// <summary>Whether <paramref name="receiver"/> is an in-memory reader, writer or stream.</summary>
    public static bool Is(IOperation? receiver, KnownTypes types, CancellationToken cancellationToken) => Is(receiver, types, 0, cancellationToken);

    private static bool Is(IOperation? receiver, KnownTypes types, int depth, CancellationToken cancellationToken)
    {
        receiver = receiver?.WithoutConversions();
        if (receiver?.Type is not { } type || depth > MaxDepth || !IsIoType(type, types))
        {
            return false;
        }

        if (KnownTypes.IsOrDerivesFrom(type, types.MemoryStream, types.StringReader) || KnownTypes.IsOrDerivesFrom(type, types.StringWriter) || IsNamedForMemory(type))
        {
            return true;
        }

        return receiver switch
        {
            IFieldReferenceOperation { Field: { IsStatic: true, Name: "Null" } field } => IsIoType(field.ContainingType, types),
            IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Out" or "Error" or "In" } property } => IsConsole(property.ContainingType),
            IAwaitOperation awaited => IsBufferedResponseBody(awaited.Operation, cancellationToken),
            IObjectCreationOperation creation => IsOverInMemory(creation, types, depth, cancellationToken),
            ILocalReferenceOperation local => AllValuesInMemory(local, types, depth, cancellationToken),
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => Is(conditional.WhenTrue, types, depth + 1, cancellationToken) && Is(whenFalse, types, depth + 1, cancellationToken),
            _ => false,
        };
    }

    /// <summary>
    /// A static call whose every reader, writer or stream argument is in memory (at least one): <c>JArray.Load(new
    /// JsonTextReader(new StreamReader(bufferedBody)))</c>, <c>XDocument.Load(new StringReader(xml))</c>.
    /// </summary>
    public static bool AllIoArgumentsAre(IInvocationOperation invocation, KnownTypes types, CancellationToken cancellationToken)
    {
        var found = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.WithoutConversions().Type is { } argumentType && (IsIoType(argumentType, types) || IsWrapper(argument.Value)))
            {
                if (!Is(argument.Value, types, 1, cancellationToken) && !IsWrapperOverInMemory(argument.Value, types, cancellationToken))
                {
                    return false;
                }

                found = true;
            }
        }

        return found;
    }

    /// <summary>A reader of another library made over a reader or stream (<c>new JsonTextReader(textReader)</c>): its only I/O is that argument's.</summary>
    private static bool IsWrapper(IOperation value) =>
        value.WithoutConversions() is IObjectCreationOperation { Arguments.Length: > 0 } creation
        && creation.Type?.Name.EndsWith("Reader", System.StringComparison.Ordinal) == true;

    private static bool IsWrapperOverInMemory(IOperation value, KnownTypes types, CancellationToken cancellationToken) =>
        value.WithoutConversions() is IObjectCreationOperation creation && IsWrapper(creation) && IsOverInMemory(creation, types, 1, cancellationToken);

    /// <summary>
    /// <c>await response.Content.ReadAsStreamAsync()</c> of a response that <c>HttpClient</c> buffered: <c>SendAsync</c>,
    /// <c>GetAsync</c>, <c>PostAsync</c>, ... without <c>HttpCompletionOption.ResponseHeadersRead</c> read the whole body
    /// into memory before they complete, so the stream is a memory buffer.
    /// </summary>
    private static bool IsBufferedResponseBody(IOperation awaited, CancellationToken cancellationToken)
    {
        var read = BlockingCall.WithoutConfigureAwait(awaited);
        if (read is not IInvocationOperation { TargetMethod.Name: "ReadAsStreamAsync", Instance: IPropertyReferenceOperation { Property.Name: "Content", Instance: { } response } })
        {
            return false;
        }

        if (response.WithoutConversions() is not ILocalReferenceOperation { Local: { } local } reference
            || local.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        IOperation? initializer = null;
        foreach (var operation in reference.Root().Descendants(cancellationToken))
        {
            if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, local))
            {
                return false;
            }

            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                initializer = declarator.Initializer?.Value;
            }
        }

        return initializer?.WithoutConversions() is IAwaitOperation sent
            && BlockingCall.WithoutConfigureAwait(sent.Operation) is IInvocationOperation
            {
                TargetMethod: { Name: "SendAsync" or "GetAsync" or "PostAsync" or "PutAsync" or "PatchAsync" or "DeleteAsync", ContainingType.Name: "HttpClient" or "HttpMessageInvoker" },
            } send
            && !send.Arguments.Any(a => a.Parameter?.Type.Name == "HttpCompletionOption" && !IsConstant(a.Value, 0));
    }

    private static bool IsConstant(IOperation value, int expected) =>
        value.WithoutConversions().ConstantValue is { HasValue: true, Value: int actual } && actual == expected;

    private static bool IsConsole(INamedTypeSymbol type) =>
        type is { Name: "Console", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// A stream, reader or writer named for memory, or derived from one, that is not <c>MemoryStream</c>: a library's own
    /// buffer (MimeKit's <c>MemoryBlockStream</c>, pooled and chunked memory streams).
    /// </summary>
    private static bool IsNamedForMemory(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
        {
            if (current.Name.IndexOf("Memory", System.StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIoType(ITypeSymbol type, KnownTypes types) =>
        KnownTypes.IsOrDerivesFrom(type, types.Stream, types.TextReader)
        || KnownTypes.IsOrDerivesFrom(type, types.TextWriter, types.BinaryReader)
        || KnownTypes.IsOrDerivesFrom(type, types.BinaryWriter);

    /// <summary><c>new StreamReader(memory)</c>: a reader, writer or stream whose every stream, reader or writer argument is in memory (at least one).</summary>
    private static bool IsOverInMemory(IObjectCreationOperation creation, KnownTypes types, int depth, CancellationToken cancellationToken)
    {
        var found = false;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Value.WithoutConversions().Type is { } argumentType && IsIoType(argumentType, types))
            {
                if (!Is(argument.Value, types, depth + 1, cancellationToken))
                {
                    return false;
                }

                found = true;
            }
        }

        return found;
    }

    /// <summary>Every value the local is given in its member (initializer and assignments) is in memory; a local passed by ref or out is not followed.</summary>
    private static bool AllValuesInMemory(ILocalReferenceOperation reference, KnownTypes types, int depth, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsRef || local.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        var found = false;
        foreach (var operation in reference.Root().Descendants(cancellationToken))
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

            if (!Is(value, types, depth + 1, cancellationToken))
            {
                return false;
            }

            found = true;
        }

        return found;
    }
}

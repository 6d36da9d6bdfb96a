using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using BadGateway.Analyzers.Infrastructure;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// BG0102: synchronous calls that have an async sibling but are deliberate, found on real projects (each case in its own
/// file: the dual sync/async path, the paired hook and the second close, the in-memory reader or writer). Asked only for
/// calls that would be reported: the sibling is found and the code is async.
/// </summary>
internal static partial class DeliberateSyncCall
{
    /// <summary>Whether the call to <paramref name="method"/>, whose sibling is <paramref name="sibling"/>, is left alone whatever the options.</summary>
    public static bool Is(IInvocationOperation invocation, IMethodSymbol sibling, ISymbol containingSymbol, KnownTypes types, bool isThreadSleep, CancellationToken cancellationToken)
    {
        if (isThreadSleep)
        {
            return IsInDualPath(invocation, sibling, types, cancellationToken);
        }

        var method = invocation.TargetMethod;
        return IsTaskMember(method.ContainingType, types)
            || IsEfCoreAdd(method, types)
            || IsZipEntryOpen(method)
            || IsBufferedRowRead(method, types)
            || IsSelfRecursion(invocation, sibling, containingSymbol)
            || IsInDualPath(invocation, sibling, types, cancellationToken)
            || IsPairedWithItsSibling(invocation, sibling, cancellationToken)
            || IsCloseAfterClose(invocation, cancellationToken)
            || IsInMethodNamedSync(containingSymbol)
            || IsInOtherBranchOfPreprocessorChoice(invocation, sibling, cancellationToken);
    }

    /// <summary>
    /// Members of <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c>, <c>ValueTask&lt;T&gt;</c> and the BCL awaiters
    /// (<c>Wait</c>, <c>WaitAll</c>, <c>GetResult</c>): blocking on a task is BG0101's.
    /// </summary>
    private static bool IsTaskMember(INamedTypeSymbol type, KnownTypes types)
    {
        var definition = type.OriginalDefinition;
        return KnownTypes.IsOrDerivesFrom(type, types.Task)
            || SymbolEqualityComparer.Default.Equals(definition, types.ValueTask)
            || SymbolEqualityComparer.Default.Equals(definition, types.ValueTaskOfT)
            || (type.Name.Contains("Await")
                && type.ContainingNamespace is { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } });
    }

    /// <summary>
    /// <c>ZipArchiveEntry.Open()</c>: in create mode it only wraps the archive's stream (the header is written on the first
    /// write), in read mode it reads a local header; the data is read or written by the awaitable calls on the stream it returns.
    /// </summary>
    private static bool IsZipEntryOpen(IMethodSymbol method) =>
        method.Name == "Open"
        && method.ContainingType is { Name: "ZipArchiveEntry", ContainingNamespace: { Name: "Compression", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } } };

    /// <summary>
    /// <c>IsDBNull</c>, <c>GetFieldValue&lt;T&gt;</c> and <c>GetColumnSchema</c> of a <c>DbDataReader</c>: without
    /// <c>CommandBehavior.SequentialAccess</c> (the default) the row is buffered by <c>Read</c>/<c>ReadAsync</c> and the schema by
    /// the execute call, so these read memory; their Async forms matter only for sequential access (MySqlConnector's CachedProcedure.cs:90).
    /// </summary>
    private static bool IsBufferedRowRead(IMethodSymbol method, KnownTypes types) =>
        method.Name is "IsDBNull" or "GetFieldValue" or "GetColumnSchema"
        && (KnownTypes.IsOrDerivesFrom(method.ContainingType, types.DbDataReader)
            // GetColumnSchema is an extension method of DbDataReader on older frameworks.
            || (method.IsExtensionMethod && method.Parameters.Length > 0 && KnownTypes.IsOrDerivesFrom(method.Parameters[0].Type, types.DbDataReader)));

    /// <summary>EF Core's <c>Add</c>/<c>AddRange</c> on a DbContext or DbSet: <c>AddAsync</c> is documented as only for special value generators.</summary>
    private static bool IsEfCoreAdd(IMethodSymbol method, KnownTypes types) =>
        method.Name is "Add" or "AddRange"
        && KnownTypes.IsOrDerivesFrom(method.ContainingType, types.DbContext, types.DbSetOfT);

    /// <summary>
    /// The sibling is the method the call is in, or a function around it (<c>StartAsync</c> calling <c>Start</c> inside
    /// <c>Task.Run(async () =&gt; ...)</c>), or the member overrides or implements it: the fix would recurse forever.
    /// Also the call to <c>M</c> in <c>M</c>'s own nearest function.
    /// </summary>
    private static bool IsSelfRecursion(IInvocationOperation invocation, IMethodSymbol sibling, ISymbol containingSymbol)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        var target = sibling.OriginalDefinition;
        var nearest = true;
        for (var current = invocation.Parent; current is not null; current = current.Parent)
        {
            var function = current switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation local => local.Symbol,
                _ => null,
            };
            if (function is null)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(function.OriginalDefinition, target)
                || (nearest && SymbolEqualityComparer.Default.Equals(function.OriginalDefinition, method)))
            {
                return true;
            }

            nearest = false;
        }

        // Also another overload of the sibling on the same receiver type, or an override of one: an in-memory reader's
        // `ReadLineAsync() => Task.FromResult(ReadLine())` beside the ReadLineAsync(CancellationToken) the lookup found
        // (Npgsql's PreparedTextReader.cs:73): the sync member is how this async one is implemented.
        return containingSymbol is IMethodSymbol member
            && ((nearest && SymbolEqualityComparer.Default.Equals(member.OriginalDefinition, method))
                || IsOrImplements(member, target)
                || (member.Name == target.Name && member.IsStatic == method.IsStatic && KnownTypes.IsOrDerivesFrom(member.ContainingType, method.ContainingType)));
    }

    /// <summary>Whether <paramref name="member"/> is <paramref name="target"/>, overrides it, or implements it (implicitly or explicitly).</summary>
    private static bool IsOrImplements(IMethodSymbol member, IMethodSymbol target)
    {
        for (var current = member; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target))
            {
                return true;
            }
        }

        if (target.ContainingType.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        foreach (var explicitImplementation in member.ExplicitInterfaceImplementations)
        {
            if (SymbolEqualityComparer.Default.Equals(explicitImplementation.OriginalDefinition, target))
            {
                return true;
            }
        }

        if (member.Name != target.Name)
        {
            return false;
        }

        foreach (var implemented in member.ContainingType.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, target.ContainingType))
            {
                continue;
            }

            foreach (var candidate in implemented.GetMembers(target.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, target)
                    && SymbolEqualityComparer.Default.Equals(member.ContainingType.FindImplementationForInterfaceMember(candidate), member))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="awaited"/> awaits a sibling of <paramref name="method"/>: a method named <c>{M}Async</c>
    /// (any overload, other arguments), or another overload of the sibling found (<c>Task.Delay</c> for <c>Thread.Sleep</c>).
    /// </summary>
    private static bool AwaitsSibling(IAwaitOperation awaited, IMethodSymbol method, IMethodSymbol sibling, out IInvocationOperation? call)
    {
        call = awaited.AwaitedInvocation();
        if (call is null)
        {
            return false;
        }

        var name = call.TargetMethod.Name;
        return (name.Length == method.Name.Length + "Async".Length && name.StartsWith(method.Name, System.StringComparison.Ordinal) && name.EndsWith("Async", System.StringComparison.Ordinal))
            || (name == sibling.Name && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType.OriginalDefinition, sibling.ContainingType.OriginalDefinition));
    }
}

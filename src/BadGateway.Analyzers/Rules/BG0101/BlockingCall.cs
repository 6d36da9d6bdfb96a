using System;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>The kinds of blocking wait BG0101 reports.</summary>
internal enum BlockingKind
{
    /// <summary><c>task.Result</c> on Task&lt;T&gt; or ValueTask&lt;T&gt;.</summary>
    Result,

    /// <summary><c>task.Wait(...)</c>.</summary>
    Wait,

    /// <summary><c>awaiter.GetResult()</c> on a BCL awaiter.</summary>
    GetResult,

    /// <summary><c>Task.WaitAll(...)</c>.</summary>
    WaitAll,

    /// <summary><c>Task.WaitAny(...)</c>.</summary>
    WaitAny,
}

/// <summary>A blocking wait found in an operation tree, shared by the BG0101 analyzer and its fixes.</summary>
internal readonly struct BlockingCall
{
    private BlockingCall(BlockingKind kind, IOperation operation, IOperation? task, SyntaxToken flaggedToken)
    {
        Kind = kind;
        Operation = operation;
        Task = task;
        FlaggedToken = flaggedToken;
    }

    public BlockingKind Kind { get; }

    /// <summary>The property reference or invocation that blocks.</summary>
    public IOperation Operation { get; }

    /// <summary>The task waited on, through GetAwaiter() and ConfigureAwait(...); null for WaitAll/WaitAny or a stored awaiter it cannot trace.</summary>
    public IOperation? Task { get; }

    /// <summary>The token the diagnostic is reported on: Result, Wait, GetResult, WaitAll or WaitAny.</summary>
    public SyntaxToken FlaggedToken { get; }

    public static bool TryCreate(IOperation operation, KnownTypes types, out BlockingCall call, CancellationToken cancellationToken)
    {
        call = default;

        // Every invocation and property reference of the compilation comes here: the kind settles the type without a
        // failed interface cast, and the member's name settles almost every operation.
        switch (operation.Kind)
        {
            case OperationKind.PropertyReference when operation is IPropertyReferenceOperation { Property.Name: "Result", Instance: { } instance } property
                && types.IsGenericTaskLike(property.Property.ContainingType):
                call = new BlockingCall(BlockingKind.Result, property, instance, NameToken(property.Syntax));
                return true;

            case OperationKind.Invocation when operation is IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                switch (method.Name)
                {
                    case "Wait" when !method.IsStatic && invocation.Instance is { } waited && KnownTypes.IsOrDerivesFrom(method.ContainingType, types.Task):
                        call = new BlockingCall(BlockingKind.Wait, invocation, waited, NameToken(invocation.Syntax));
                        return true;

                    case "WaitAll" when method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task):
                        call = new BlockingCall(BlockingKind.WaitAll, invocation, null, NameToken(invocation.Syntax));
                        return true;

                    case "WaitAny" when method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task):
                        call = new BlockingCall(BlockingKind.WaitAny, invocation, null, NameToken(invocation.Syntax));
                        return true;

                    case "GetResult" when !method.IsStatic && invocation.Instance is { } awaiter && IsBclAwaiter(method.ContainingType):
                        call = new BlockingCall(BlockingKind.GetResult, invocation, TaskOfAwaiter(awaiter, cancellationToken), NameToken(invocation.Syntax));
                        return true;
                }

                break;
        }

        return false;
    }

    /// <summary>The task without a <c>ConfigureAwait(...)</c> around it.</summary>
    public static IOperation WithoutConfigureAwait(IOperation task)
    {
        var current = task.WithoutConversions();
        return current is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } inner } ? inner.WithoutConversions() : current;
    }


    private static bool IsBclAwaiter(INamedTypeSymbol type) =>
        type.Name.EndsWith("Awaiter", StringComparison.Ordinal)
        && type.ContainingNamespace is { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary><c>t.GetAwaiter()</c>, also through a local initialized with it: the task <c>t</c>.</summary>
    private static IOperation? TaskOfAwaiter(IOperation awaiter, CancellationToken cancellationToken)
    {
        awaiter = awaiter.WithoutConversions();
        if (awaiter is ILocalReferenceOperation local)
        {
            var initializer = local.Root().Descendants(cancellationToken)
                .OfType<IVariableDeclaratorOperation>()
                .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local))?
                .Initializer?.Value;
            if (initializer is null)
            {
                return null;
            }

            awaiter = initializer.WithoutConversions();
        }

        return awaiter is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } task } ? task : null;
    }

    private static SyntaxToken NameToken(SyntaxNode syntax) => syntax.CalledName()?.Identifier ?? syntax.GetFirstToken();
}

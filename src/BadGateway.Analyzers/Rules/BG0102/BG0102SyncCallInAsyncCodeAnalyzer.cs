using System;
using System.Collections.Immutable;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>BG0102: in async code, a synchronous call whose awaitable sibling exists.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BG0102SyncCallInAsyncCodeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the sibling's name (Task.Delay for Thread.Sleep).</summary>
    internal const string SiblingKey = "Sibling";

    /// <summary>
    /// Diagnostic property: "False" where a real span argument cannot go where the sibling takes memory (no fix then),
    /// "True" otherwise. The lightbulb reads it instead of binding the call again (issue #16: binding a long method took
    /// up to 100 ms); a diagnostic without it (made by hand, or by another tool) is checked against the code as before.
    /// </summary>
    internal const string ArgumentsConvertKey = "ArgumentsConvert";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BG0102SyncCallInAsyncCode);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(HandWrittenCode.AnalysisFlags);
        context.RegisterCompilationStartAction(start =>
        {
            // No symbol is touched here (see KnownTypes): a compilation without Task is ruled out at the first callback.
            var types = KnownTypes.Create(start.Compilation);
            var siblings = new AsyncSiblings(start.Compilation, types);
            start.RegisterHandWrittenOperationAction(c => Analyze(c, types, siblings), OperationKind.Invocation);
        });
    }

    /// <summary>The sibling BG0102 reports for <paramref name="invocation"/>, or null; shared with the fix.</summary>
    internal static IMethodSymbol? ReportedSibling(IInvocationOperation invocation, ISymbol containingSymbol, KnownTypes types, AsyncSiblings siblings, out bool isThreadSleep, CancellationToken cancellationToken)
    {
        // Cheapest first: most calls are in synchronous code, which a walk up to the nearest function rules out before any
        // symbol is looked up (CA1849 asks this first too); then the sibling lookup, cached per method, which fails for almost
        // every call; the extensions in scope only for instance calls with a receiver (FindExtension needs its type).
        isThreadSleep = false;
        if (!IsInAsyncCode(invocation, containingSymbol, types, siblings))
        {
            return null;
        }

        var method = invocation.TargetMethod;
        isThreadSleep = siblings.IsThreadSleep(method);
        var sibling = isThreadSleep
            ? types.Task?.GetMembers("Delay").OfType<IMethodSymbol>()
                .FirstOrDefault(d => d.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(d.Parameters[0].Type, method.Parameters[0].Type))
            : siblings.FindMember(method, containingSymbol);
        if (sibling is null && (isThreadSleep || invocation.Instance?.Type is null || invocation.SemanticModel is not { } model || !siblings.MayHaveExtension(method, invocation.Syntax, model, cancellationToken)))
        {
            return null;
        }

        // Extension siblings last: their signatures are compared only for calls that got this far.
        sibling ??= siblings.FindExtension(method, invocation.Instance?.Type, containingSymbol, invocation.Syntax, invocation.SemanticModel!, cancellationToken);
        if (sibling is null || IsInNameOfExpressionTreeOrLock(invocation, types))
        {
            return null;
        }

        // Deliberate calls found on real projects: dual sync/async paths, paired hooks, self-recursion, Task members, ...
        return DeliberateSyncCall.Is(invocation, sibling, containingSymbol, types, isThreadSleep, cancellationToken) ? null : sibling;
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, AsyncSiblings siblings)
    {
        if (types.Task is null || types.TaskOfT is null)
        {
            return;
        }

        var invocation = (IInvocationOperation)context.Operation;
        var sibling = ReportedSibling(invocation, context.ContainingSymbol, types, siblings, out var isThreadSleep, context.CancellationToken);
        if (sibling is null
            || IsExcludedByOptions(context, invocation, types)
            || PeerSuppressions.AreSuppressedAt(invocation.Syntax, context.ContainingSymbol, PeerSuppressions.SyncCallPeers, context.CancellationToken))
        {
            return;
        }

        var method = invocation.TargetMethod;
        var siblingName = isThreadSleep ? "Task.Delay" : (sibling.IsExtensionMethod || sibling.IsStatic ? sibling.ContainingType.Name + "." : string.Empty) + sibling.Name;
        var syncName = (method.IsStatic ? method.ContainingType.Name + "." : string.Empty) + method.Name;
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(SiblingKey, isThreadSleep ? "Task.Delay" : sibling.Name)
            .Add(ArgumentsConvertKey, isThreadSleep || siblings.ArgumentsConvert(invocation, sibling) ? bool.TrueString : bool.FalseString);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.BG0102SyncCallInAsyncCode,
            NameLocation(invocation.Syntax),
            properties,
            syncName,
            siblingName));
    }

    /// <summary>An async method, lambda or local function, or a method returning a task that is not async yet.</summary>
    /// <remarks>
    /// Every invocation of the compilation comes here first (issue #16). The syntax above the call decides most of them with
    /// field reads: the nearest lambda's <c>async</c> keyword, or, with no lambda, local function or query clause between the
    /// call and its member, the containing member, whose answer is cached. The operation tree is walked (an interface call
    /// and two interface casts per level) only where syntax and operations may differ: local functions, which need their
    /// symbol's return type, and query clauses, which are lambdas in the operation tree but not in the syntax.
    /// </remarks>
    internal static bool IsInAsyncCode(IOperation operation, ISymbol containingSymbol, KnownTypes types, AsyncSiblings siblings)
    {
        // A kind switch per level: members cannot be nested in a lambda, so the walk goes on to the file without deciding.
        for (var node = operation.Syntax.Parent; node is not null; node = node.Parent)
        {
            switch (node.Kind())
            {
                case SyntaxKind.ParenthesizedLambdaExpression or SyntaxKind.SimpleLambdaExpression or SyntaxKind.AnonymousMethodExpression:
                    return ((AnonymousFunctionExpressionSyntax)node).AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case SyntaxKind.LocalFunctionStatement when ((LocalFunctionStatementSyntax)node).Modifiers.Any(SyntaxKind.AsyncKeyword):
                    return true;
                case SyntaxKind.LocalFunctionStatement or SyntaxKind.QueryExpression:
                    return IsInAsyncCodeByOperations(operation, containingSymbol, types);
            }
        }

        return containingSymbol is IMethodSymbol method && siblings.IsAsyncMember(method, types);
    }

    /// <summary>The same question, answered by the operation tree: the nearest anonymous function or local function decides.</summary>
    private static bool IsInAsyncCodeByOperations(IOperation operation, ISymbol containingSymbol, KnownTypes types)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.IsAsync;
                case ILocalFunctionOperation local:
                    return IsAsyncOrTaskReturning(local.Symbol, types);
            }
        }

        return containingSymbol is IMethodSymbol method && IsAsyncOrTaskReturning(method, types);
    }

    internal static bool IsAsyncOrTaskReturning(IMethodSymbol method, KnownTypes types) =>
        method.IsAsync
        || (method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
            && types.IsTaskLike(method.ReturnType));

    /// <summary>nameof, expression trees, and lock bodies, where await is illegal (not reported: there is nothing better to do there).</summary>
    private static bool IsInNameOfExpressionTreeOrLock(IOperation operation, KnownTypes types) =>
        operation.IsInNameOfOrExpressionTree(types) || IsInLock(operation);

    /// <summary>Inside a lock body of the same function (a lambda or local function inside the lock runs elsewhere).</summary>
    private static bool IsInLock(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILockOperation:
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>bg0102.excluded_symbols</c> (type, Type.Member or member names), <c>bg0102.report_memory_stream</c> (in-memory
    /// readers, writers and streams) and <c>bg0102.report_cancellation_token_source_cancel</c>.
    /// </summary>
    private static bool IsExcludedByOptions(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(invocation.Syntax.SyntaxTree);
        var method = invocation.TargetMethod;
        if ((invocation.Instance is null
                ? KnownTypes.IsOrDerivesFrom(method.ContainingType, types.MemoryStream) || InMemoryIo.AllIoArgumentsAre(invocation, types, context.CancellationToken)
                : InMemoryIo.Is(invocation.Instance, types, context.CancellationToken))
            && !RuleOptions.GetBool(options, RuleOptions.BG0102ReportMemoryStream, defaultValue: false))
        {
            return true;
        }

        // Cancel and CancelAsync both run the registered callbacks on the calling thread before they return or complete;
        // a registration's Dispose only waits for a callback already running (Polly's timeouts): no I/O either way.
        if (((method.Name == "Cancel" && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.CancellationTokenSource))
                || (method.Name == "Dispose" && method.ContainingType is { Name: "CancellationTokenRegistration", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } }))
            && !RuleOptions.GetBool(options, RuleOptions.BG0102ReportCancellationTokenSourceCancel, defaultValue: false))
        {
            return true;
        }

        var excluded = RuleOptions.GetList(options, RuleOptions.BG0102ExcludedSymbols);
        if (excluded.Length == 0)
        {
            return false;
        }

        var type = method.ContainingType;
        var names = new[]
        {
            method.Name,
            type.Name,
            type.ToDisplayString(),
            type.Name + "." + method.Name,
            type.ToDisplayString() + "." + method.Name,
        };
        return excluded.Any(e => names.Contains(e, StringComparer.Ordinal));
    }

    internal static Location NameLocation(SyntaxNode syntax) =>
        syntax is InvocationExpressionSyntax invocation
            ? (invocation.CalledName() ?? invocation.Expression).GetLocation()
            : syntax.GetLocation();
}

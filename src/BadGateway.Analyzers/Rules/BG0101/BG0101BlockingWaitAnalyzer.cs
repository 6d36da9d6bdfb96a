using System;
using System.Collections.Immutable;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>BG0101: Task.Result, Wait(), GetAwaiter().GetResult(), Task.WaitAll and Task.WaitAny block a thread.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BG0101BlockingWaitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BG0101BlockingWait);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(HandWrittenCode.AnalysisFlags);
        context.RegisterCompilationStartAction(start =>
        {
            // No symbol is touched here (see KnownTypes): a compilation without Task is ruled out at the first callback.
            var types = KnownTypes.Create(start.Compilation);
            start.RegisterHandWrittenOperationAction(c => Analyze(c, types), OperationKind.PropertyReference, OperationKind.Invocation);
        });
    }

    /// <summary>Whether <paramref name="operation"/> is a blocking wait BG0101 reports (before options).</summary>
    internal static bool IsReportedWait(IOperation operation, KnownTypes types, out BlockingCall call, CancellationToken cancellationToken) =>
        BlockingCall.TryCreate(operation, types, out call, cancellationToken)
        && !call.Operation.IsInNameOfOrExpressionTree(types)
        && !(call.Task is not null && CompletedTasks.IsComplete(call.Operation, call.Task, types, cancellationToken))
        && !(call.Task is not null && IsSyncBranchOfDualPath(call.Operation, call.Task, cancellationToken));

    /// <summary>
    /// The sync branch of a flag named for its path whose other branch awaits the same task: <c>if (async) await
    /// sendTask.ConfigureAwait(false); else sendTask.GetAwaiter().GetResult();</c> (Npgsql's NpgsqlCommand.cs:792). The
    /// caller chose the sync API; awaiting there would let the sync path yield under its own blocking caller.
    /// </summary>
    private static bool IsSyncBranchOfDualPath(IOperation site, IOperation task, CancellationToken cancellationToken)
    {
        if (BlockingCall.WithoutConfigureAwait(task).ReferencedSymbol() is not { } waited)
        {
            return false;
        }

        IOperation child = site;
        for (var parent = site.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional when DeliberateSyncCall.IsSyncBranch(conditional, child):
                    var other = ReferenceEquals(child, conditional.WhenTrue) ? whenFalse : conditional.WhenTrue;
                    foreach (var operation in other.SelfAndDescendantsInFunction(cancellationToken))
                    {
                        if (operation is IAwaitOperation awaited
                            && SymbolEqualityComparer.Default.Equals(BlockingCall.WithoutConfigureAwait(awaited.Operation).ReferencedSymbol(), waited))
                        {
                            return true;
                        }
                    }

                    return false;
            }
        }

        return false;
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        if (types.Task is null
            || !IsReportedWait(context.Operation, types, out var call, context.CancellationToken)
            || IsAllowedByOptions(context)
            || AsyncSiblingForward.IsForward(call, context.ContainingSymbol)
            || ShutdownHandlers.Contains(call.Operation, context.ContainingSymbol, context.CancellationToken)
            || PeerSuppressions.AreSuppressedAt(call.Operation.Syntax, context.ContainingSymbol, PeersOf(call), context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.BG0101BlockingWait,
            call.FlaggedToken.GetLocation(),
            DisplayText.Of(call.Operation.Syntax)));
    }

    /// <summary>The rules of other analyzers that report the same wait: CA2012 too for a ValueTask's.</summary>
    private static ImmutableArray<string> PeersOf(BlockingCall call) =>
        call.Task?.Type is INamedTypeSymbol { Name: "ValueTask" or "ConfiguredValueTaskAwaitable" }
            ? PeerSuppressions.ValueTaskWaitPeers
            : PeerSuppressions.BlockingWaitPeers;

    /// <summary><c>bg0101.allowed_methods</c> and <c>bg0101.report_sync_main</c>.</summary>
    private static bool IsAllowedByOptions(OperationAnalysisContext context)
    {
        if (context.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.Operation.Syntax.SyntaxTree);
        if (method is { Name: "Main", IsStatic: true, IsAsync: false }
            && !RuleOptions.GetBool(options, RuleOptions.BG0101ReportSyncMain, defaultValue: true))
        {
            return true;
        }

        var allowed = RuleOptions.GetList(options, RuleOptions.BG0101AllowedMethods);
        if (allowed.Length == 0)
        {
            return false;
        }

        var qualified = method.ContainingType is null ? method.Name : method.ContainingType.Name + "." + method.Name;
        return allowed.Any(name => string.Equals(name, method.Name, StringComparison.Ordinal) || string.Equals(name, qualified, StringComparison.Ordinal));
    }
}

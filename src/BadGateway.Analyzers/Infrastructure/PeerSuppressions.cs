using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// Whether the code already silenced, at this spot, the peer rule that reports the same pattern (<c>#pragma warning disable
/// CA1849 // PipeStream.DisposeAsync would complete synchronously anyway</c>, <c>[SuppressMessage("Usage", "VSTHRD002")]</c>):
/// the author judged that call, and a second rule reporting it again is noise. Asked only for a call about to be reported.
/// </summary>
internal static class PeerSuppressions
{
    /// <summary>The peers of BG0101: Microsoft.VisualStudio.Threading's blocking-wait rule.</summary>
    public static readonly ImmutableArray<string> BlockingWaitPeers = ImmutableArray.Create("VSTHRD002");

    /// <summary>The peers of BG0101 for a wait on a ValueTask: also CA2012 ("Use ValueTasks correctly"), which reports its <c>.Result</c>.</summary>
    public static readonly ImmutableArray<string> ValueTaskWaitPeers = ImmutableArray.Create("VSTHRD002", "CA2012");

    /// <summary>The peers of BG0102: CA1849 and VSTHRD103, both "call async methods when in an async method".</summary>
    public static readonly ImmutableArray<string> SyncCallPeers = ImmutableArray.Create("CA1849", "VSTHRD103");

    public static bool AreSuppressedAt(SyntaxNode node, ISymbol? containingSymbol, ImmutableArray<string> peers, CancellationToken cancellationToken) =>
        IsDisabledByPragma(node, peers, cancellationToken) || IsSuppressedByAttribute(containingSymbol, peers);

    /// <summary>A <c>#pragma warning disable</c> naming one of <paramref name="peers"/> before the node, not restored since.</summary>
    private static bool IsDisabledByPragma(SyntaxNode node, ImmutableArray<string> peers, CancellationToken cancellationToken)
    {
        var root = node.SyntaxTree.GetRoot(cancellationToken);
        if (!root.ContainsDirectives)
        {
            return false;
        }

        var disabled = false;
        for (var directive = root.GetFirstDirective(d => d is PragmaWarningDirectiveTriviaSyntax);
             directive is PragmaWarningDirectiveTriviaSyntax pragma && pragma.SpanStart < node.SpanStart;
             directive = directive.GetNextDirective(d => d is PragmaWarningDirectiveTriviaSyntax))
        {
            foreach (var code in pragma.ErrorCodes)
            {
                if (code is IdentifierNameSyntax { Identifier.ValueText: var id } && Names(peers, id))
                {
                    disabled = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
                    break;
                }
            }
        }

        return disabled;
    }

    /// <summary><c>[SuppressMessage(category, "CA1849:...")]</c> on the member, or on a type or member around it.</summary>
    private static bool IsSuppressedByAttribute(ISymbol? symbol, ImmutableArray<string> peers)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "SuppressMessageAttribute" or "UnconditionalSuppressMessageAttribute" }
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[1].Value is string checkId
                    && Names(peers, checkId.Split(':')[0].Trim()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Names(ImmutableArray<string> peers, string id) => peers.IndexOf(id) >= 0;
}

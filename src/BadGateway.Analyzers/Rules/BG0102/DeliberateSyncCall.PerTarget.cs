using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

internal static partial class DeliberateSyncCall
{
    /// <summary>
    /// The call sits in one branch of an <c>#if</c>/<c>#elif</c>/<c>#else</c> whose other branch calls the async sibling
    /// (<c>#if NET6_0_OR_GREATER await s.DisposeAsync(); #else s.Dispose(); #endif</c>, elastic's response builders): the
    /// author chose per target framework, and the sync branch is the one for targets without the sibling (or where it is
    /// not wanted). Read from the directives and the disabled text of the file, only for calls about to be reported.
    /// </summary>
    private static bool IsInOtherBranchOfPreprocessorChoice(IInvocationOperation invocation, IMethodSymbol sibling, CancellationToken cancellationToken)
    {
        var tree = invocation.Syntax.SyntaxTree;
        var root = tree.GetRoot(cancellationToken);
        if (!root.ContainsDirectives)
        {
            return false;
        }

        var position = invocation.Syntax.SpanStart;
        for (var directive = root.GetFirstDirective(); directive is not null; directive = directive.GetNextDirective())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (directive is not IfDirectiveTriviaSyntax)
            {
                continue;
            }

            var group = directive.GetRelatedDirectives();
            if (group.Count < 3 || position < group[0].SpanStart || position > group[group.Count - 1].SpanStart)
            {
                continue;
            }

            // The branch holding the call, then the text of every other branch of the same #if.
            for (var i = 0; i + 1 < group.Count; i++)
            {
                if (position > group[i].Span.End && position < group[i + 1].SpanStart)
                {
                    return OtherBranchCalls(root, group, i, sibling.Name + "(", cancellationToken);
                }
            }
        }

        return false;
    }

    private static bool OtherBranchCalls(SyntaxNode root, System.Collections.Generic.List<DirectiveTriviaSyntax> group, int own, string call, CancellationToken cancellationToken)
    {
        var text = root.SyntaxTree.GetText(cancellationToken);
        for (var i = 0; i + 1 < group.Count; i++)
        {
            if (i == own)
            {
                continue;
            }

            var start = group[i].FullSpan.End;
            var end = group[i + 1].FullSpan.Start;
            if (end > start && text.ToString(new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start)).IndexOf(call, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The method the call is in says in its name that part of it is synchronous on purpose: <c>Sync</c> inside the name,
    /// not at its start and not as part of <c>SyncAsync</c> (Newtonsoft.Json's <c>WriteTokenSyncReadingAsync</c>, the path
    /// for writers without real async support). A name that starts with Sync (<c>SyncUsersAsync</c>) means synchronize.
    /// </summary>
    private static bool IsInMethodNamedSync(ISymbol containingSymbol)
    {
        var name = containingSymbol.Name;
        if (name.Length < 5)
        {
            // A lambda's symbol has no name, and "Sync" needs a letter before it.
            return false;
        }

        for (var index = name.IndexOf("Sync", 1, StringComparison.Ordinal); index > 0; index = name.IndexOf("Sync", index + 1, StringComparison.Ordinal))
        {
            var after = index + 4;
            if (char.IsLower(name[index - 1])
                && after < name.Length
                && char.IsUpper(name[after])
                && string.CompareOrdinal(name, after, "Async", 0, 5) != 0)
            {
                return true;
            }
        }

        return false;
    }
}

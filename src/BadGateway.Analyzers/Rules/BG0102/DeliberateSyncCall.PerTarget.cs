using System;
using System.Collections.Generic;
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

        // The groups are found in the file's list of directives: GetFirstDirective/GetNextDirective and GetRelatedDirectives
        // walk every token between two directives, which cost milliseconds per call in NBitcoin's large files.
        var directives = Directives(root);
        var position = invocation.Syntax.SpanStart;
        for (var index = 0; index < directives.Count && directives[index].SpanStart < position; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!directives[index].IsKind(SyntaxKind.IfDirectiveTrivia))
            {
                continue;
            }

            var group = RelatedDirectives(directives, index);
            if (group.Count < 3 || position > group[group.Count - 1].SpanStart)
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

    /// <summary>
    /// Every directive of the file in order (the ones in inactive branches too), read from the nodes that hold one:
    /// directives are leading trivia, and a node without any is not entered.
    /// </summary>
    internal static List<DirectiveTriviaSyntax> Directives(SyntaxNode root)
    {
        var directives = new List<DirectiveTriviaSyntax>();
        foreach (var trivia in root.DescendantTrivia(static node => node.ContainsDirectives))
        {
            if (trivia.IsDirective && trivia.GetStructure() is DirectiveTriviaSyntax directive)
            {
                directives.Add(directive);
            }
        }

        return directives;
    }

    /// <summary>
    /// The <c>#if</c> at <paramref name="start"/> and its <c>#elif</c>, <c>#else</c> and <c>#endif</c>, as
    /// <see cref="DirectiveTriviaSyntax.GetRelatedDirectives"/> finds them (nested <c>#if</c>...<c>#endif</c> and
    /// <c>#region</c>...<c>#endregion</c> sets skipped whole, unclosed ones included), from the list instead of the tokens.
    /// </summary>
    internal static List<DirectiveTriviaSyntax> RelatedDirectives(List<DirectiveTriviaSyntax> directives, int start)
    {
        var group = new List<DirectiveTriviaSyntax> { directives[start] };
        for (var index = NextRelated(directives, start); index >= 0; index = NextRelated(directives, index))
        {
            group.Add(directives[index]);
        }

        return group;
    }

    /// <summary>The next directive of the same set: after an <c>#if</c> or <c>#elif</c> the next branch or <c>#endif</c>, after <c>#else</c> the <c>#endif</c>, after <c>#region</c> its <c>#endregion</c>; -1 if none.</summary>
    private static int NextRelated(List<DirectiveTriviaSyntax> directives, int index)
    {
        var kind = directives[index].Kind();
        if (kind is not (SyntaxKind.IfDirectiveTrivia or SyntaxKind.ElifDirectiveTrivia or SyntaxKind.ElseDirectiveTrivia or SyntaxKind.RegionDirectiveTrivia))
        {
            return -1;
        }

        // An #elif does not end at itself; an #if, #else or #region is not its own end either, so starting on it is the same.
        for (var next = kind == SyntaxKind.ElifDirectiveTrivia ? NextOutsideNestedSets(directives, index) : index; next >= 0; next = NextOutsideNestedSets(directives, next))
        {
            var found = directives[next].Kind();
            if (kind == SyntaxKind.RegionDirectiveTrivia
                ? found == SyntaxKind.EndRegionDirectiveTrivia
                : found == SyntaxKind.EndIfDirectiveTrivia || (kind != SyntaxKind.ElseDirectiveTrivia && found is SyntaxKind.ElifDirectiveTrivia or SyntaxKind.ElseDirectiveTrivia))
            {
                return next;
            }
        }

        return -1;
    }

    /// <summary>The next directive after <paramref name="index"/> that is not inside a nested <c>#if</c> or <c>#region</c> set (a set's end is skipped too); -1 if none.</summary>
    private static int NextOutsideNestedSets(List<DirectiveTriviaSyntax> directives, int index)
    {
        for (var next = index + 1; next < directives.Count; next++)
        {
            var end = directives[next].Kind() switch
            {
                SyntaxKind.IfDirectiveTrivia => SyntaxKind.EndIfDirectiveTrivia,
                SyntaxKind.RegionDirectiveTrivia => SyntaxKind.EndRegionDirectiveTrivia,
                _ => SyntaxKind.None,
            };
            if (end == SyntaxKind.None)
            {
                return next;
            }

            while (next >= 0 && !directives[next].IsKind(end))
            {
                next = NextRelated(directives, next);
            }

            if (next < 0)
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool OtherBranchCalls(SyntaxNode root, List<DirectiveTriviaSyntax> group, int own, string call, CancellationToken cancellationToken)
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

        // A method that is not async and ends in Sync is the sync path its async twin's caller picks (MySqlConnector's
        // DoReadBytesSync, returning a completed ValueTask); an async one (RunDataSync) is more likely to synchronize.
        if (containingSymbol is IMethodSymbol { IsAsync: false }
            && name.EndsWith("Sync", StringComparison.Ordinal)
            && char.IsLower(name[name.Length - 5]))
        {
            return true;
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

using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>Small syntax edits the fixes share.</summary>
internal static class SyntaxEdits
{
    public static LiteralExpressionSyntax IntLiteral(int value) =>
        SyntaxFactory.LiteralExpression(
            SyntaxKind.NumericLiteralExpression,
            SyntaxFactory.Literal(value.ToString(CultureInfo.InvariantCulture), value));

    /// <summary>
    /// Adds <c>async</c> to a method or local function (after its other modifiers; taking the return type's indentation
    /// when it has none), and optionally replaces its return type and name.
    /// </summary>
    public static SyntaxNode WithAsync(SyntaxNode declaration, System.Func<TypeSyntax, TypeSyntax>? returnType = null, string? newName = null)
    {
        var (modifiers, oldReturnType, identifier) = declaration switch
        {
            MethodDeclarationSyntax m => (m.Modifiers, m.ReturnType, m.Identifier),
            LocalFunctionStatementSyntax l => (l.Modifiers, l.ReturnType, l.Identifier),
            _ => (default(SyntaxTokenList), null!, default(SyntaxToken)),
        };
        if (oldReturnType is null)
        {
            return declaration;
        }

        var newReturnType = (returnType?.Invoke(oldReturnType) ?? oldReturnType).WithTriviaFrom(oldReturnType);
        var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (modifiers.Count == 0)
        {
            asyncKeyword = asyncKeyword.WithLeadingTrivia(oldReturnType.GetLeadingTrivia());
            newReturnType = newReturnType.WithLeadingTrivia(SyntaxTriviaList.Empty);
        }

        var newIdentifier = newName is null ? identifier : SyntaxFactory.Identifier(newName).WithTriviaFrom(identifier);
        return declaration switch
        {
            MethodDeclarationSyntax m => m.WithModifiers(modifiers.Add(asyncKeyword)).WithReturnType(newReturnType).WithIdentifier(newIdentifier),
            LocalFunctionStatementSyntax l => l.WithModifiers(modifiers.Add(asyncKeyword)).WithReturnType(newReturnType).WithIdentifier(newIdentifier),
            _ => declaration,
        };
    }

    /// <summary>
    /// The call with its method named <paramref name="newName"/>: <c>x.M(a)</c>, <c>M(a)</c>, <c>x.M&lt;T&gt;(a)</c>,
    /// <c>M&lt;T&gt;(a)</c>, <c>x?.M(a)</c>'s <c>.M(a)</c>; type arguments, arguments and trivia kept. Any other call is returned as it is.
    /// </summary>
    public static InvocationExpressionSyntax RenameCall(InvocationExpressionSyntax invocation, string newName) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax memberAccess => invocation.WithExpression(memberAccess.WithName(Rename(memberAccess.Name, newName))),
        MemberBindingExpressionSyntax memberBinding => invocation.WithExpression(memberBinding.WithName(Rename(memberBinding.Name, newName))),
        SimpleNameSyntax simple => invocation.WithExpression(Rename(simple, newName)),
        _ => invocation,
    };

    /// <summary><c>M</c> or <c>M&lt;T&gt;</c> named <paramref name="newName"/>, type arguments and trivia kept.</summary>
    public static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName) => name switch
    {
        IdentifierNameSyntax identifier => identifier.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(identifier.Identifier)),
        GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(generic.Identifier)),
        _ => name,
    };

    /// <summary>Marks statements to remove with <see cref="RemoveMarkedStatements"/>.</summary>
    public static readonly SyntaxAnnotation RemoveAnnotation = new("BadGateway.RemoveStatement");

    /// <summary>
    /// Removes the statements marked with <see cref="RemoveAnnotation"/>. A comment in front of a removed statement moves
    /// to the next statement (or the closing brace), without leaving a blank or whitespace-only line behind.
    /// </summary>
    public static SyntaxNode RemoveMarkedStatements(SyntaxNode root)
    {
        while (root.GetAnnotatedNodes(RemoveAnnotation).FirstOrDefault() is StatementSyntax statement)
        {
            var leading = statement.GetLeadingTrivia();
            var comments = leading.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
            var moved = SyntaxTriviaList.Empty;
            if (comments)
            {
                // Keep everything up to the last end of line: the comment lines with their own indentation.
                var lastEndOfLine = -1;
                for (var i = 0; i < leading.Count; i++)
                {
                    if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
                    {
                        lastEndOfLine = i;
                    }
                }

                moved = SyntaxFactory.TriviaList(leading.Take(lastEndOfLine + 1));
            }

            var marker = new SyntaxAnnotation();
            SyntaxNode? next = statement.Parent is BlockSyntax block
                ? (SyntaxNode?)block.Statements.SkipWhile(s => s != statement).Skip(1).FirstOrDefault()
                : null;
            if (moved.Count > 0 && next is not null)
            {
                root = root.ReplaceNode(next, next.WithAdditionalAnnotations(marker));
                statement = (StatementSyntax)root.GetAnnotatedNodes(RemoveAnnotation).First();
            }

            root = root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia | SyntaxRemoveOptions.KeepUnbalancedDirectives)!;
            if (moved.Count > 0 && root.GetAnnotatedNodes(marker).FirstOrDefault() is { } target)
            {
                root = root.ReplaceNode(target, target.WithLeadingTrivia(moved.AddRange(target.GetLeadingTrivia())));
            }
        }

        return root;
    }

    /// <summary>An end of line in the style the document already uses.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode root) =>
        root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } existing
            ? existing
            : SyntaxFactory.CarriageReturnLineFeed;

    /// <summary><c>x = 2</c> becomes <c>x = value</c>, keeping the trivia around the old value.</summary>
    public static AssignmentExpressionSyntax WithValue(AssignmentExpressionSyntax assignment, int value) =>
        assignment.WithRight(IntLiteral(value).WithTriviaFrom(assignment.Right));

    /// <summary>
    /// Adds <c>name = value</c> to the object initializer of <paramref name="creation"/>, creating the initializer if there is none.
    /// A multi-line initializer gets the new member on a line of its own, indented like the others; a trailing comma stays.
    /// </summary>
    public static BaseObjectCreationExpressionSyntax AddToInitializer(BaseObjectCreationExpressionSyntax creation, string name, ExpressionSyntax value)
    {
        var member = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(name), value);
        var initializer = creation.Initializer;
        if (initializer is null)
        {
            var created = SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(member));
            return creation
                .WithoutTrailingTrivia()
                .WithInitializer(created)
                .WithTrailingTrivia(creation.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        var expressions = initializer.Expressions;
        if (expressions.Count == 0)
        {
            return creation.WithInitializer(initializer.WithExpressions(SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(member)))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        var last = expressions[expressions.Count - 1];
        var multiline = initializer.OpenBraceToken.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia)
            || expressions.GetSeparators().Any(s => s.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia));
        var hasTrailingSeparator = expressions.SeparatorCount == expressions.Count;

        var nodesAndTokens = expressions.GetWithSeparators();
        if (multiline)
        {
            member = member.WithLeadingTrivia(last.GetLeadingTrivia());
            if (hasTrailingSeparator)
            {
                // { A = 1,\n } -> { A = 1,\n MaxConnectionsPerServer = 50,\n }
                nodesAndTokens = nodesAndTokens
                    .Add(member)
                    .Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(nodesAndTokens[nodesAndTokens.Count - 1].GetTrailingTrivia()));
            }
            else
            {
                var lastTrailing = last.GetTrailingTrivia();
                nodesAndTokens = nodesAndTokens
                    .Replace(last, last.WithoutTrailingTrivia())
                    .Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(lastTrailing))
                    .Add(member.WithTrailingTrivia(lastTrailing));
            }
        }
        else
        {
            if (hasTrailingSeparator)
            {
                nodesAndTokens = nodesAndTokens.Add(member);
            }
            else
            {
                nodesAndTokens = nodesAndTokens
                    .Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space))
                    .Add(member);
            }
        }

        return creation.WithInitializer(initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(nodesAndTokens)));
    }

    /// <summary>
    /// The statement removed with its line. What its line had besides the statement stays: blank lines and comments above
    /// it, and a comment after it, which moves to a line of its own.
    /// </summary>
    public static SyntaxNode WithoutStatement(SyntaxNode root, StatementSyntax statement)
    {
        SyntaxNode removed = statement.Parent is GlobalStatementSyntax global ? global : statement;
        var leading = removed.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? leading.Last() : default;
        var kept = indentation == default ? leading.ToList() : leading.Take(leading.Count - 1).ToList();
        foreach (var comment in removed.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)))
        {
            if (indentation != default)
            {
                kept.Add(indentation);
            }

            kept.Add(comment);
            kept.Add(EndOfLine(root));
        }

        var next = removed.GetLastToken().GetNextToken(includeZeroWidth: true);
        var tracked = root.TrackNodes(removed);
        if (kept.Count > 0)
        {
            // The next token is left alone when nothing moves onto it, so that Fix All can apply an edit of the next
            // statement in the same pass.
            tracked = tracked.ReplaceToken(tracked.FindToken(next.SpanStart), next.WithLeadingTrivia(kept.Concat(next.LeadingTrivia)));
        }

        return tracked.RemoveNode(tracked.GetCurrentNode(removed)!, SyntaxRemoveOptions.KeepNoTrivia)!;
    }
}

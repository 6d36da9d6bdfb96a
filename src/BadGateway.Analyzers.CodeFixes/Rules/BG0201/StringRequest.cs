using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// BG0201: a per-call client with per-call headers whose one request is <c>GetStringAsync</c> / <c>GetByteArrayAsync</c>,
/// awaited as the whole value of a statement (<c>return await client.GetStringAsync(url);</c>,
/// <c>var text = await ...;</c>, <c>text = await ...;</c>). The headers go onto a request message, sent on the shared
/// client:
/// <code>
/// using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "X-Tenant", tenant } } };
/// using var response = await s_httpClient.SendAsync(request);
/// response.EnsureSuccessStatusCode();
/// return await response.Content.ReadAsStringAsync();
/// </code>
/// What GetStringAsync does: a non-success status throws HttpRequestException (EnsureSuccessStatusCode), the content is
/// read whole (SendAsync buffers it, under the call's token). Not when <c>request</c> or <c>response</c> is a name the
/// member already uses.
/// </summary>
internal static class StringRequest
{
    public static bool TryPlan(IdentifierNameSyntax client, List<(ExpressionSyntax Name, ExpressionSyntax Value)> headers, ExpressionSyntax? authorization, ExpressionSyntax? baseAddress, SemanticModel model, List<Action<SyntaxEditor, string>> edits, CancellationToken cancellationToken)
    {
        if (client.Parent is not MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } member
            || member.Expression != client
            || member.Name.Identifier.ValueText is not ("GetStringAsync" or "GetByteArrayAsync")
            || invocation.ArgumentList.Arguments.Count is not (1 or 2)
            || AwaitOf(invocation, out var configureAwait) is not { } awaited
            || StatementOf(awaited) is not { Parent: BlockSyntax } statement
            || statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } owner
            || owner.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText is "request" or "response"))
        {
            return false;
        }

        var arguments = invocation.ArgumentList.Arguments;
        var read = member.Name.Identifier.ValueText == "GetStringAsync" ? "ReadAsStringAsync" : "ReadAsByteArrayAsync";
        edits.Add((editor, field) =>
        {
            var request = SharedClientPlan.RequestMessage(arguments, "Get", hasContent: false, headers, authorization, baseAddress);
            var sendArguments = arguments.Count == 2 ? $"request, {arguments[1].Expression.WithoutTrivia()}" : "request";
            var suffix = configureAwait is null ? string.Empty : $".ConfigureAwait({configureAwait})";
            var statements = new StatementSyntax[]
            {
                SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator("request").WithInitializer(SyntaxFactory.EqualsValueClause(request)))))
                    .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword)),
                SyntaxFactory.ParseStatement($"using var response = await {field}.SendAsync({sendArguments}){suffix};"),
                SyntaxFactory.ParseStatement("response.EnsureSuccessStatusCode();"),
            };
            // Each on a line of its own at the statement's indentation; the statement keeps its comments.
            var indentation = statement.GetLeadingTrivia().LastOrDefault();
            var endOfLine = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            editor.InsertBefore(statement, statements.Select(s => s
                .WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList())
                .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation)));
            editor.ReplaceNode(awaited, SyntaxFactory.ParseExpression($"await response.Content.{read}(){suffix}").WithTriviaFrom(awaited));
        });
        return true;
    }

    /// <summary>The <c>await</c> of the invocation, directly or through <c>.ConfigureAwait(x)</c> (x returned).</summary>
    private static AwaitExpressionSyntax? AwaitOf(InvocationExpressionSyntax invocation, out string? configureAwait)
    {
        configureAwait = null;
        if (invocation.Parent is AwaitExpressionSyntax direct)
        {
            return direct;
        }

        if (invocation.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } configureArguments, Parent: AwaitExpressionSyntax configured } }
            && configureArguments[0].Expression is LiteralExpressionSyntax literal)
        {
            configureAwait = literal.Token.Text;
            return configured;
        }

        return null;
    }

    /// <summary>The statement whose whole value is the await: a return, a local's initializer, an assignment.</summary>
    private static StatementSyntax? StatementOf(AwaitExpressionSyntax awaited) => awaited.Parent switch
    {
        ReturnStatementSyntax returned => returned,
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } local } } } => local,
        AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax assigned } assignment when assignment.Right == awaited => assigned,
        _ => null,
    };
}

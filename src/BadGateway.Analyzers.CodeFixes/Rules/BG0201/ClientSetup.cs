using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>What a statement right after <c>var client = new HttpClient();</c> does to the client.</summary>
internal enum ClientSetupKind
{
    /// <summary><c>client.BaseAddress = ...;</c> or <c>client.Timeout = ...;</c> with a value that is the same on every call.</summary>
    ConstantProperty,

    /// <summary><c>client.BaseAddress = ...;</c> with a value from a parameter or a field.</summary>
    PerCallBaseAddress,

    /// <summary><c>client.DefaultRequestHeaders.Add(name, value);</c></summary>
    Header,

    /// <summary><c>client.DefaultRequestHeaders.Authorization = value;</c></summary>
    Authorization,

    /// <summary>
    /// A header set up through a header collection, with constant values only: <c>client.DefaultRequestHeaders.Accept.Add(...)</c>,
    /// <c>.UserAgent.ParseAdd(...)</c>, <c>.TryAddWithoutValidation(...)</c>, <c>.ConnectionClose = true</c>. No initializer form.
    /// </summary>
    ConstantHeaderCollection,
}

/// <summary>
/// One statement that sets the client up: <paramref name="Property"/> is the property a <see cref="ClientSetupKind.ConstantProperty"/>
/// or <see cref="ClientSetupKind.PerCallBaseAddress"/> sets, <paramref name="HeaderName"/> the name a <see cref="ClientSetupKind.Header"/> adds.
/// </summary>
internal sealed record ClientSetupStatement(StatementSyntax Statement, ClientSetupKind Kind, string? Property, ExpressionSyntax? HeaderName, ExpressionSyntax Value);

/// <summary>
/// BG0201's two fixes (the shared field and the factory's named client) both move the setup written right after a
/// local client's declaration: this scan finds it, one statement at a time.
/// </summary>
internal static class ClientSetup
{
    /// <summary>
    /// The statements right after <paramref name="declaration"/> (in its block) that set up the client in
    /// <paramref name="local"/>, in order, up to the first statement that does something else.
    /// </summary>
    public static IEnumerable<ClientSetupStatement> Following(LocalDeclarationStatementSyntax declaration, string local, SemanticModel model, CancellationToken cancellationToken)
    {
        if (declaration.Parent is not BlockSyntax block)
        {
            yield break;
        }

        foreach (var statement in block.Statements.SkipWhile(s => s != declaration).Skip(1))
        {
            if (Classify(statement, local, model, cancellationToken) is not { } setup)
            {
                yield break;
            }

            yield return setup;
        }
    }

    private static ClientSetupStatement? Classify(StatementSyntax statement, string local, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: "BaseAddress" or "Timeout" } property } assignment }
            && target.Identifier.ValueText == local)
        {
            var propertyName = property.Name.Identifier.ValueText;
            return SharedClientPlan.IsConstant(assignment.Right, model, cancellationToken) ? new(statement, ClientSetupKind.ConstantProperty, propertyName, null, assignment.Right)
                : propertyName == "BaseAddress" ? new(statement, ClientSetupKind.PerCallBaseAddress, propertyName, null, assignment.Right)
                : null;
        }

        if (IsHeaderStatement(statement, local, out var headerName, out var value, out var isAuthorization))
        {
            return new(statement, isAuthorization ? ClientSetupKind.Authorization : ClientSetupKind.Header, null, headerName, value);
        }

        return IsConstantHeaderCollectionStatement(statement, local, model, cancellationToken) is { } expression
            ? new(statement, ClientSetupKind.ConstantHeaderCollection, null, null, expression)
            : null;
    }

    private static readonly string[] s_collectionMethods = { "Add", "ParseAdd", "TryParseAdd" };

    /// <summary>
    /// <c>client.DefaultRequestHeaders.X.Add/ParseAdd/TryParseAdd(constant)</c>, <c>client.DefaultRequestHeaders.TryAddWithoutValidation(constant, constant)</c>
    /// or <c>client.DefaultRequestHeaders.X = constant</c> (not Authorization): the statement's expression, or null.
    /// </summary>
    private static ExpressionSyntax? IsConstantHeaderCollectionStatement(StatementSyntax statement, string local, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement is not ExpressionStatementSyntax { Expression: var expression })
        {
            return null;
        }

        switch (expression)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method, Expression: var collection }, ArgumentList.Arguments: { Count: > 0 } arguments }
                when (method == "TryAddWithoutValidation" && IsDefaultRequestHeaders(collection, local)
                    || System.Array.IndexOf(s_collectionMethods, method) >= 0 && collection is MemberAccessExpressionSyntax { Expression: var headers } && IsDefaultRequestHeaders(headers, local))
                    && arguments.All(a => a.NameColon is null && a.RefKindKeyword.RawKind == 0 && SharedClientPlan.IsConstant(a.Expression, model, cancellationToken)):
                return expression;
            case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: not "Authorization", Expression: var headers }, Right: var value }
                when expression.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression)
                    && IsDefaultRequestHeaders(headers, local) && SharedClientPlan.IsConstant(value, model, cancellationToken):
                return expression;
            default:
                return null;
        }
    }

    private static bool IsDefaultRequestHeaders(ExpressionSyntax expression, string local) =>
        expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DefaultRequestHeaders", Expression: IdentifierNameSyntax target } && target.Identifier.ValueText == local;

    /// <summary><c>client.DefaultRequestHeaders.Add(name, value);</c> or <c>client.DefaultRequestHeaders.Authorization = value;</c></summary>
    private static bool IsHeaderStatement(StatementSyntax statement, string local, out ExpressionSyntax? name, out ExpressionSyntax value, out bool isAuthorization)
    {
        name = null;
        value = null!;
        isAuthorization = false;
        switch (statement)
        {
            case ExpressionStatementSyntax
            {
                Expression: InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DefaultRequestHeaders", Expression: IdentifierNameSyntax target } },
                    ArgumentList.Arguments: { Count: 2 } arguments,
                },
            } when target.Identifier.ValueText == local:
                name = arguments[0].Expression;
                value = arguments[1].Expression;
                return true;

            case ExpressionStatementSyntax
            {
                Expression: AssignmentExpressionSyntax
                {
                    Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Authorization", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DefaultRequestHeaders", Expression: IdentifierNameSyntax target } },
                } assignment,
            } when target.Identifier.ValueText == local:
                value = assignment.Right;
                isAuthorization = true;
                return true;

            default:
                return false;
        }
    }
}

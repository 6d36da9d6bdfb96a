using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// The static factory method a shared client's field calls when its setup has no initializer form (headers added through
/// collections): <c>private static HttpClient CreateHttpClient() { var client = new HttpClient(...); ...; return client; }</c>.
/// </summary>
internal static class ClientFactoryMethod
{
    /// <summary>CreateHttpClient, or when the type has one, CreateHttpClient3 for s_httpClient3, unique in the type.</summary>
    public static string Name(string field, HashSet<string> taken)
    {
        var digits = new string(field.Reverse().TakeWhile(char.IsDigit).Reverse().ToArray());
        var name = taken.Contains("CreateHttpClient") ? "CreateHttpClient" + digits : "CreateHttpClient";
        for (var i = 2; taken.Contains(name); i++)
        {
            name = "CreateHttpClient" + digits + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    public static MethodDeclarationSyntax Create(string name, string local, ExpressionSyntax initializer, IReadOnlyList<StatementSyntax> statements)
    {
        var clientType = SyntaxFactory.ParseTypeName("global::System.Net.Http.HttpClient").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var declaration = SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
            SyntaxFactory.IdentifierName("var"),
            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(local).WithInitializer(SyntaxFactory.EqualsValueClause(initializer)))));
        var body = new List<StatementSyntax> { declaration };
        // Fresh copies, as written (with their comments), not the nodes the fix removes from the method.
        body.AddRange(statements.Select(s => SyntaxFactory.ParseStatement(s.ToFullString().Trim() + "\n").WithLeadingTrivia(LeadingComments(s))));
        body.Add(SyntaxFactory.ReturnStatement(SyntaxFactory.IdentifierName(local)));
        return SyntaxFactory.MethodDeclaration(clientType, name)
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword)))
            .WithBody(SyntaxFactory.Block(body))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>The comment lines in front of a statement, without their indentation (the formatter gives it).</summary>
    private static SyntaxTriviaList LeadingComments(StatementSyntax statement) =>
        SyntaxFactory.TriviaList(statement.GetLeadingTrivia()
            .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            .SelectMany(t => new[] { t, SyntaxFactory.ElasticCarriageReturnLineFeed }));

    /// <summary>
    /// The key of an existing static field's initializer: that of the client and setup of a factory method this fix wrote
    /// (so Fix All and one fix at a time share one field), else the initializer's own.
    /// </summary>
    public static string KeyOfExisting(TypeDeclarationSyntax type, ExpressionSyntax initializer)
    {
        if (initializer is InvocationExpressionSyntax { Expression: IdentifierNameSyntax called, ArgumentList.Arguments.Count: 0 }
            && type.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == called.Identifier.ValueText && m.ParameterList.Parameters.Count == 0) is { Body.Statements: { Count: >= 3 } body }
            && body[0] is LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables }
            && variables[0].Initializer?.Value is { } client
            && body[body.Count - 1] is ReturnStatementSyntax { Expression: IdentifierNameSyntax returned }
            && returned.Identifier.ValueText == variables[0].Identifier.ValueText)
        {
            return SharedClientPlan.KeyOf(client) + SharedClientPlan.FactoryKeyOf(body.Skip(1).Take(body.Count - 2).ToList());
        }

        return SharedClientPlan.KeyOf(initializer);
    }
}

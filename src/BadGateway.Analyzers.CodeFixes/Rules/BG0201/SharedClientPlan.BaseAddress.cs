using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// A per-call base address (<c>client.BaseAddress = new Uri(baseUrl);</c>, <c>new HttpClient { BaseAddress = _baseUri }</c>):
/// the shared client goes without it and each request gets the absolute URI HttpClient would have made of it,
/// <c>new Uri(BaseAddress, requestUri)</c>.
/// </summary>
internal sealed partial class SharedClientPlan
{
    /// <summary>The request methods whose first parameter is the request URI (a string or a Uri).</summary>
    private static readonly HashSet<string> s_uriRequests = new(StringComparer.Ordinal)
    {
        "GetAsync", "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync", "DeleteAsync", "PostAsync", "PutAsync", "PatchAsync",

        // System.Net.Http.Json's extensions, which send through the methods above.
        "GetFromJsonAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "DeleteFromJsonAsync",
    };

    /// <summary><c>BaseAddress = value</c> in the creation's initializer, with a value that is the same all through the call.</summary>
    private static bool IsPerCallBaseAddress(AssignmentExpressionSyntax assignment, SemanticModel model, CancellationToken cancellationToken) =>
        assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "BaseAddress" } && IsStableInCall(assignment.Right, assignment, model, cancellationToken);

    /// <summary>
    /// A value that reads the same wherever it is read in the member: a constant, a readonly field, a parameter the member
    /// never assigns, or <c>new Uri(...)</c> of those. Moved from the client's setup into each request, it gives the same URI.
    /// </summary>
    private static bool IsStableInCall(ExpressionSyntax value, SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
    {
        if (IsConstant(value, model, cancellationToken))
        {
            return true;
        }

        switch (value)
        {
            case ObjectCreationExpressionSyntax { Initializer: null, ArgumentList.Arguments: { Count: 1 or 2 } arguments } created
                when model.GetTypeInfo(created, cancellationToken).Type?.ToDisplayString() == "System.Uri":
                return arguments.All(a => a.RefKindKeyword.RawKind == 0 && IsStableInCall(a.Expression, site, model, cancellationToken));
            case IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }:
                return model.GetSymbolInfo(value, cancellationToken).Symbol switch
                {
                    IFieldSymbol field => field.IsReadOnly || field.IsConst,
                    IParameterSymbol { RefKind: RefKind.None } parameter => !IsAssignedIn(site, parameter, model, cancellationToken),
                    _ => false,
                };
            default:
                return false;
        }
    }

    private static bool IsAssignedIn(SyntaxNode site, IParameterSymbol parameter, SemanticModel model, CancellationToken cancellationToken)
    {
        var body = site.FirstAncestorOrSelf<MemberDeclarationSyntax>() as SyntaxNode ?? site.FirstAncestorOrSelf<CompilationUnitSyntax>();
        return body is null || body.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == parameter.Name)
            .Any(n => (n.Parent is AssignmentExpressionSyntax assignment && assignment.Left == n
                    || n.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 }
                    || n.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax)
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, parameter));
    }

    /// <summary>
    /// <c>client.GetStringAsync(path)</c> becomes <c>s_httpClient.GetStringAsync(new Uri(baseAddress, path))</c> for every use
    /// of the client; false unless each is a request method of HttpClient taking a string or Uri first, with a stable base.
    /// </summary>
    private static bool TryPlanAbsoluteRequests(SyntaxNode owner, ExpressionSyntax baseAddress, List<IdentifierNameSyntax> live, SemanticModel model, List<Action<SyntaxEditor, string>> edits, CancellationToken cancellationToken)
    {
        if (live.Count == 0 || !IsStableInCall(baseAddress, owner, model, cancellationToken))
        {
            return false;
        }

        var requests = new List<(IdentifierNameSyntax Client, ArgumentSyntax Uri)>();
        foreach (var reference in live)
        {
            if (reference.Parent is not MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } member
                || member.Expression != reference
                || !s_uriRequests.Contains(member.Name.Identifier.ValueText)
                || invocation.ArgumentList.Arguments.FirstOrDefault() is not { NameColon: null } uri
                || uri.Expression.IsKind(SyntaxKind.NullLiteralExpression) || uri.Expression.IsKind(SyntaxKind.DefaultLiteralExpression)
                || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { Parameters.Length: > 0 } method
                || method.ContainingType.ToDisplayString() is not ("System.Net.Http.HttpClient" or "System.Net.Http.Json.HttpClientJsonExtensions")
                || method.Parameters[0].Type.ToDisplayString() is not ("string" or "string?" or "System.Uri" or "System.Uri?"))
            {
                return false;
            }

            requests.Add((reference, uri));
        }

        foreach (var (client, uri) in requests)
        {
            edits.Add((editor, name) => editor.ReplaceNode(client, SyntaxFactory.IdentifierName(name).WithTriviaFrom(client)));
            edits.Add((editor, _) => editor.ReplaceNode(uri.Expression, (current, _) => AbsoluteUri(baseAddress, (ExpressionSyntax)current)));
        }

        return true;
    }

    /// <summary><c>new Uri(baseAddress, requestUri)</c>: what HttpClient does with a relative request URI and its BaseAddress.</summary>
    private static ExpressionSyntax AbsoluteUri(ExpressionSyntax baseAddress, ExpressionSyntax requestUri) =>
        SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName("global::System.Uri").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(baseAddress.WithoutTrivia()),
                SyntaxFactory.Argument(requestUri.WithoutTrivia()),
            })))
            .WithTriviaFrom(requestUri)
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>The part of a field's key that the factory statements add: fields share a factory only when its statements match.</summary>
    internal static string FactoryKeyOf(IReadOnlyList<StatementSyntax> statements) =>
        statements.Count == 0 ? string.Empty : "|" + string.Join("|", statements.Select(s => KeyOf(s)));

    private static string KeyOf(StatementSyntax statement) =>
        statement.WithoutTrivia().NormalizeWhitespace().ToFullString()
            .Replace("global::System.Net.Http.", string.Empty)
            .Replace("global::System.", string.Empty)
            .Replace("System.Net.Http.", string.Empty);
}

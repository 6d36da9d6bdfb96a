using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// BG0201: <c>_client = new HttpClient();</c> in a constructor or a method, into a private instance field. The field then
/// refers to the shared static client (<c>_client = s_httpClient;</c>), and <c>_client.Dispose()</c> /
/// <c>_client?.Dispose()</c> statements go, since the shared client must outlive every instance. Only when every other
/// use of the field in its type is a request (<c>GetAsync</c>, <c>SendAsync</c>, ...), a read of a property, or another
/// write of a client creation or of a static field: a field handed elsewhere, configured per instance
/// (<c>_client.DefaultRequestHeaders.Add(...)</c>, <c>_client.Timeout = ...</c>) or written anything else is refused.
/// </summary>
internal static class InstanceFieldClient
{
    /// <summary>HttpClient methods that make a request and change nothing on the client.</summary>
    internal static readonly HashSet<string> Requests = new(StringComparer.Ordinal)
    {
        "GetAsync", "GetStringAsync", "GetStreamAsync", "GetByteArrayAsync", "PostAsync", "PutAsync", "PatchAsync",
        "DeleteAsync", "SendAsync", "Send", "GetFromJsonAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync",
        "DeleteFromJsonAsync",
    };

    /// <summary>Adds the edits (the creation becomes the shared field, the Dispose calls go); false when the field is not this shape.</summary>
    public static bool TryPlan(BaseObjectCreationExpressionSyntax creation, TypeDeclarationSyntax type, SemanticModel model, List<Action<SyntaxEditor, string>> edits, CancellationToken cancellationToken)
    {
        if (creation.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax } assignment
            || assignment.Right != creation
            || model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is not IFieldSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Private } field
            || !SymbolEqualityComparer.Default.Equals(field.ContainingType, model.GetDeclaredSymbol(type, cancellationToken))
            || field.DeclaringSyntaxReferences.Length != 1
            || field.ContainingType.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var disposals = new List<StatementSyntax>();
        foreach (var reference in type.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == field.Name))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, field))
            {
                continue;
            }

            ExpressionSyntax use = reference.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == reference ? self : reference;
            if (use.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed)
            {
                use = suppressed;
            }

            switch (Classify(use, model, cancellationToken))
            {
                case Use.Dispose:
                    disposals.Add(use.FirstAncestorOrSelf<StatementSyntax>()!);
                    break;
                case Use.Other:
                    return false;
            }
        }

        edits.Add((editor, name) => editor.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation)));
        foreach (var disposal in disposals)
        {
            edits.Add((editor, _) => editor.ReplaceNode(disposal, (current, _) => current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation)));
        }

        return true;
    }

    private enum Use
    {
        Kept,
        Dispose,
        Other,
    }

    private static Use Classify(ExpressionSyntax use, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (use.Parent)
        {
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax } write when write.Left == use:
                // Another write: a client creation (its own report, fixed the same way), a static field (fixed already), null.
                return write.Right is BaseObjectCreationExpressionSyntax or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression }
                    || model.GetSymbolInfo(write.Right, cancellationToken).Symbol is IFieldSymbol { IsStatic: true, IsReadOnly: true }
                    ? Use.Kept
                    : Use.Other;
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax statement } } access
                when access.Expression == use:
                return IsRemovable(statement) ? Use.Dispose : Use.Other;
            case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" }, ArgumentList.Arguments.Count: 0 }, Parent: ExpressionStatementSyntax statement } conditional
                when conditional.Expression == use:
                return IsRemovable(statement) ? Use.Dispose : Use.Other;
            case MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access when access.Expression == use && invocation.Expression == access:
                return Requests.Contains(access.Name.Identifier.ValueText) ? Use.Kept : Use.Other;
            case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } } conditional when conditional.Expression == use:
                return Requests.Contains(binding.Name.Identifier.ValueText) ? Use.Kept : Use.Other;
            case MemberAccessExpressionSyntax access when access.Expression == use && IsPlainRead(access):
                // _client.BaseAddress, _client.Timeout read (not written, not a collection that is changed).
                return model.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol { Type.SpecialType: not SpecialType.None } or IPropertySymbol { Name: "BaseAddress" or "Timeout" }
                    ? Use.Kept
                    : Use.Other;
            default:
                return Use.Other;
        }
    }

    private static bool IsPlainRead(MemberAccessExpressionSyntax access) =>
        access.Parent is not AssignmentExpressionSyntax and not MemberAccessExpressionSyntax and not InvocationExpressionSyntax and not PostfixUnaryExpressionSyntax and not PrefixUnaryExpressionSyntax;

    /// <summary>A Dispose statement of its own in a block, with no comment after it on its line (that would go with it).</summary>
    private static bool IsRemovable(ExpressionStatementSyntax statement) =>
        statement.Parent is BlockSyntax
        && !statement.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
}

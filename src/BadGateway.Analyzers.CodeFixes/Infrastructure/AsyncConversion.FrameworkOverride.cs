using System.Collections.Generic;
using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// "Override 'FlushAsync' and keep 'Flush' as a wrapper" (issue #15, a framework override whose async sibling is
/// inherited): <c>public override void Flush() { ...wait... }</c> in a <c>Stream</c> gets
/// <c>public override async Task FlushAsync(CancellationToken cancellationToken)</c> with the body awaited (the token
/// passed to the body's calls that take one and were not given one), and <c>Flush</c> forwards:
/// <c>=&gt; FlushAsync(CancellationToken.None).GetAwaiter().GetResult()</c>. Only where the inherited sibling is
/// virtual, in metadata, not already overridden by the type or a base type in source, and returns <c>Task</c> (for a
/// void member) or <c>Task&lt;T&gt;</c> of the member's type, with the member's parameters and optionally a trailing
/// <c>CancellationToken</c>.
/// </summary>
internal sealed partial class AsyncConversion
{
    private const string TokenName = "cancellationToken";

    /// <summary>The inherited, overridable <c>MAsync</c> that an override <paramref name="method"/> can implement; null when there is none or the type overrides it already.</summary>
    private static IMethodSymbol? InheritedAsyncSibling(IMethodSymbol method)
    {
        if (!method.IsOverride || method.Parameters.Any(p => p.Name == TokenName))
        {
            return null;
        }

        var name = method.Name + AsyncSuffix;
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            var members = type.GetMembers(name);
            var inSource = !type.Locations.All(l => l.IsInMetadata);
            if (inSource && !members.IsEmpty)
            {
                // The type or a base type in source declares or overrides the sibling already.
                return null;
            }

            var matching = members.OfType<IMethodSymbol>().Where(m => IsOverridableSibling(method, m)).ToList();
            if (matching.Count > 0)
            {
                return matching.OrderByDescending(m => m.Parameters.Length).First();
            }
        }

        return null;
    }

    private static bool IsOverridableSibling(IMethodSymbol method, IMethodSymbol candidate)
    {
        if (!(candidate.IsVirtual || candidate.IsAbstract || candidate.IsOverride)
            || candidate.IsSealed || candidate.IsStatic || !candidate.TypeParameters.IsEmpty || !method.TypeParameters.IsEmpty
            || candidate.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
            || !IsTaskOf(candidate.ReturnType, method.ReturnsVoid ? null : method.ReturnType))
        {
            return false;
        }

        var extra = candidate.Parameters.Length - method.Parameters.Length;
        if (extra is not (0 or 1) || (extra == 1 && !IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type)))
        {
            return false;
        }

        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (method.Parameters[i].RefKind != candidate.Parameters[i].RefKind
                || !SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, candidate.Parameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTaskOf(ITypeSymbol type, ITypeSymbol? result) =>
        type is INamedTypeSymbol { Name: "Task", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } task
        && (result is null
            ? task.TypeArguments.IsEmpty
            : task.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(task.TypeArguments[0], result));

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>
    /// Whether callers can switch to <c>await x.MAsync(...)</c> and reach the override: it takes M's parameters, or an
    /// inherited non-virtual <c>MAsync</c> without the token forwards to it (<c>Stream.FlushAsync()</c>; a virtual one,
    /// as <c>TextWriter.FlushAsync()</c>, runs <c>Flush</c> on another thread instead).
    /// </summary>
    private static bool CallersCanAwait(IMethodSymbol method, IMethodSymbol inherited)
    {
        if (inherited.Parameters.Length == method.Parameters.Length)
        {
            return true;
        }

        for (var type = method.ContainingType.BaseType; type is not null; type = type.BaseType)
        {
            if (type.GetMembers(method.Name + AsyncSuffix).OfType<IMethodSymbol>().Any(m =>
                m.DeclaredAccessibility == Accessibility.Public
                && !m.IsVirtual && !m.IsAbstract && !m.IsOverride && !m.IsStatic
                && m.Parameters.Length == method.Parameters.Length
                && IsTaskOf(m.ReturnType, method.ReturnsVoid ? null : method.ReturnType)
                && m.Parameters.Select(p => p.Type).SequenceEqual(method.Parameters.Select(p => p.Type), SymbolEqualityComparer.Default)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// In the body that becomes the override, each call (not in a lambda or local function) whose optional
    /// <c>CancellationToken</c> parameter was left out gets <c>cancellationToken</c>.
    /// </summary>
    private void PassTokenToCalls(DocumentId documentId, MethodDeclarationSyntax declaration, SemanticModel model)
    {
        foreach (var invocation in declaration.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(invocation, _cancellationToken) is not IInvocationOperation operation
                || operation.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.DefaultValue && a.Parameter is { } p && IsCancellationToken(p.Type)) is not { Parameter: { } parameter })
            {
                continue;
            }

            AddEdit(documentId, invocation, current =>
            {
                var call = (InvocationExpressionSyntax)current;
                var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(TokenName))
                    .WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameter.Name)));
                return call.WithArgumentList(call.ArgumentList.AddArguments(argument));
            });
        }
    }

    /// <summary>The override's modifiers: the inherited sibling's accessibility (as seen from another assembly), <c>override</c>.</summary>
    private static SyntaxTokenList OverrideModifiers(IMethodSymbol inherited)
    {
        var tokens = new List<SyntaxToken>
        {
            SyntaxFactory.Token(inherited.DeclaredAccessibility == Accessibility.Public ? SyntaxKind.PublicKeyword : SyntaxKind.ProtectedKeyword),
            SyntaxFactory.Token(SyntaxKind.OverrideKeyword),
        };
        return SyntaxFactory.TokenList(tokens.Select(t => t.WithTrailingTrivia(SyntaxFactory.Space)));
    }

    /// <summary>M's parameters and, where the inherited sibling takes one, <c>CancellationToken cancellationToken</c>.</summary>
    private static ParameterListSyntax OverrideParameters(ParameterListSyntax parameters, IMethodSymbol inherited, int count) =>
        inherited.Parameters.Length == count
            ? parameters
            : parameters.AddParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier(TokenName))
                .WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation).WithTrailingTrivia(SyntaxFactory.Space)));

    /// <summary><c>CancellationToken.None</c>, for the forward to an override that takes a token.</summary>
    private static ArgumentSyntax NoneToken() =>
        SyntaxFactory.Argument(SyntaxFactory.ParseExpression("global::System.Threading.CancellationToken.None").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
}

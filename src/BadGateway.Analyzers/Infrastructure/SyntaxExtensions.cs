using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.Infrastructure;

internal static class SyntaxExtensions
{
    /// <summary>
    /// The name a member is reached by: <c>Name</c> of <c>x.Name(...)</c>, <c>x?.Name(...)</c>, <c>Name(...)</c>, <c>x.Name</c>;
    /// <see langword="null"/> for other shapes. Diagnostics are reported on it, so the squiggle sits on the call's name.
    /// </summary>
    public static SimpleNameSyntax? CalledName(this SyntaxNode syntax)
    {
        var expression = syntax is InvocationExpressionSyntax invocation ? invocation.Expression : syntax;
        return expression switch
        {
            MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
            MemberBindingExpressionSyntax memberBinding => memberBinding.Name,
            SimpleNameSyntax name => name,
            _ => null,
        };
    }
}

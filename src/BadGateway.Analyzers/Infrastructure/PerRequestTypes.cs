using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// Types the web frameworks create for every request: controllers, Razor pages, SignalR hubs. What one of them keeps in an
/// instance field lives for one request.
/// </summary>
internal static class PerRequestTypes
{
    /// <summary>The framework base types, as (namespace, name): compared by name, so a type from any assembly (or a stub) counts.</summary>
    private static readonly ImmutableArray<(string Namespace, string Name)> s_bases = ImmutableArray.Create(
        ("Microsoft.AspNetCore.Mvc", "ControllerBase"),
        ("System.Web.Mvc", "Controller"),
        ("System.Web.Http", "ApiController"),
        ("Microsoft.AspNetCore.Mvc.RazorPages", "PageModel"),
        ("Microsoft.AspNetCore.SignalR", "Hub"));

    /// <summary>
    /// Whether <paramref name="type"/> is created per request: its name ends with <c>Controller</c>, or it derives (anywhere
    /// up its base types) from one of the framework base types.
    /// </summary>
    public static bool IsPerRequest(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.Name.EndsWith("Controller", System.StringComparison.Ordinal))
        {
            return true;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            foreach (var (ns, name) in s_bases)
            {
                // The name settles almost every base type before the namespace is compared.
                if (current.Name == name && IsNamespace(current.ContainingNamespace, ns))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="symbol"/> is the namespace <paramref name="fullName"/>, compared part by part from the end.</summary>
    private static bool IsNamespace(INamespaceSymbol? symbol, string fullName)
    {
        var end = fullName.Length;
        for (var current = symbol; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            var start = end - current.Name.Length;
            if (start < 0 || string.CompareOrdinal(fullName, start, current.Name, 0, current.Name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return current.ContainingNamespace is null or { IsGlobalNamespace: true };
            }

            if (fullName[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
        }

        return false;
    }
}

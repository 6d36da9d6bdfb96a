using System.Linq;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// A library's public, overridable factory (Flurl's <c>DefaultFlurlClientFactory.CreateHttpClient</c>): the lifetime of the
/// client it returns is decided by its callers, most of them outside the compilation. A client whose only route out is being
/// returned from such a member (directly, through a local, or wrapped in an object) is not reported where it is created.
/// </summary>
public sealed partial class BG0201HttpClientPerCallAnalyzer
{
    /// <summary>
    /// Whether <paramref name="value"/> (a creation or a factory's call) is returned, as it is or wrapped in a new object, by
    /// <paramref name="containingSymbol"/>, a public API member of a library (and not from a lambda or local function in it).
    /// </summary>
    private static bool IsReturnedFromPublicLibraryApi(IOperation value, ISymbol containingSymbol, KnownTypes types, CancellationToken cancellationToken)
    {
        if (types.IsExecutable
            || containingSymbol is not IMethodSymbol method
            || !IsPublicLibraryApi(method)
            || value.EnclosingAnonymousFunction() is not null
            || value.EnclosingLocalFunction() is not null)
        {
            return false;
        }

        return IsReturnedOut(value, types, depth: 0, cancellationToken);
    }

    /// <summary>
    /// Returned as it is, through a local, or wrapped in a new object (<c>var http = factory.CreateHttpClient(handler);
    /// return new FlurlClient(http);</c>); never as the argument of a new client or handler (that is a new client).
    /// </summary>
    private static bool IsReturnedOut(IOperation value, KnownTypes types, int depth, CancellationToken cancellationToken)
    {
        switch (value.ConsumerOf(out _))
        {
            case IReturnOperation { Kind: OperationKind.Return }:
                return true;

            case IArgumentOperation { Parent: IObjectCreationOperation wrapper }
                when depth < 4 && !KnownTypes.IsOrDerivesFrom(wrapper.Type, types.HttpMessageInvoker, types.HttpMessageHandler):
                return IsReturnedOut(wrapper, types, depth + 1, cancellationToken);

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when depth < 4:
                return value.Root().Descendants(cancellationToken).OfType<ILocalReferenceOperation>().Any(reference =>
                    SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol)
                    && IsReturnedOut(reference, types, depth + 1, cancellationToken));

            default:
                return false;
        }
    }

    /// <summary>
    /// A library's member that code outside it may call and override: a public virtual, abstract or override method, or an
    /// implementation of a public interface's member (implicit or explicit), in a type visible outside the assembly; also a
    /// public extension method there, which extends such an API (Flurl's <c>CreateHttpClient(this IFlurlClientFactory)</c>).
    /// </summary>
    internal static bool IsPublicLibraryApi(IMethodSymbol method)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation)
            || !IsVisibleOutside(method.ContainingType))
        {
            return false;
        }

        if (method.IsStatic)
        {
            return method.IsExtensionMethod && method.DeclaredAccessibility == Accessibility.Public;
        }

        if (method.DeclaredAccessibility == Accessibility.Public && (method.IsVirtual || method.IsAbstract || method.IsOverride))
        {
            return true;
        }

        if (method.ExplicitInterfaceImplementations.Any(m => IsVisibleOutside(m.ContainingType)))
        {
            return true;
        }

        if (method.DeclaredAccessibility != Accessibility.Public)
        {
            return false;
        }

        var type = method.ContainingType;
        foreach (var candidate in type.AllInterfaces.Where(IsVisibleOutside).SelectMany(i => i.GetMembers(method.Name)).OfType<IMethodSymbol>())
        {
            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate), method))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A public type, nested only in public types.</summary>
    private static bool IsVisibleOutside(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return type is not null;
    }
}

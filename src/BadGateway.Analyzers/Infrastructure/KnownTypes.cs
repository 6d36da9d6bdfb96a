using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// The well-known types the rules look for, resolved once per compilation.
/// A property is <see langword="null"/> when the compilation does not reference the type.
/// </summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation)
    {
        HttpClient = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
    }

    public INamedTypeSymbol? HttpClient { get; }

    public static KnownTypes Create(Compilation compilation) => new(compilation);
}

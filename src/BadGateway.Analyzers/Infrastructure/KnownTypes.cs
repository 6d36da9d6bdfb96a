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
        HttpMessageHandler = compilation.GetTypeByMetadataName("System.Net.Http.HttpMessageHandler");
        HttpMessageInvoker = compilation.GetTypeByMetadataName("System.Net.Http.HttpMessageInvoker");
        DelegatingHandler = compilation.GetTypeByMetadataName("System.Net.Http.DelegatingHandler");
        HttpClientHandler = compilation.GetTypeByMetadataName("System.Net.Http.HttpClientHandler");
        SocketsHttpHandler = compilation.GetTypeByMetadataName("System.Net.Http.SocketsHttpHandler");
        WinHttpHandler = compilation.GetTypeByMetadataName("System.Net.Http.WinHttpHandler");
        ServicePointManager = compilation.GetTypeByMetadataName("System.Net.ServicePointManager");
        WebRequest = compilation.GetTypeByMetadataName("System.Net.WebRequest");
        HttpWebRequest = compilation.GetTypeByMetadataName("System.Net.HttpWebRequest");
        WebClient = compilation.GetTypeByMetadataName("System.Net.WebClient");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TaskStatus = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskStatus");
        LambdaExpression = compilation.GetTypeByMetadataName("System.Linq.Expressions.LambdaExpression");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        MemoryStream = compilation.GetTypeByMetadataName("System.IO.MemoryStream");
        ObsoleteAttribute = compilation.GetTypeByMetadataName("System.ObsoleteAttribute");
        IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
        IsNetFramework = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly?.Name == "mscorlib";
    }

    public INamedTypeSymbol? HttpClient { get; }

    public INamedTypeSymbol? HttpMessageHandler { get; }

    public INamedTypeSymbol? HttpMessageInvoker { get; }

    public INamedTypeSymbol? DelegatingHandler { get; }

    public INamedTypeSymbol? HttpClientHandler { get; }

    public INamedTypeSymbol? SocketsHttpHandler { get; }

    public INamedTypeSymbol? WinHttpHandler { get; }

    public INamedTypeSymbol? ServicePointManager { get; }

    public INamedTypeSymbol? WebRequest { get; }

    public INamedTypeSymbol? HttpWebRequest { get; }

    public INamedTypeSymbol? WebClient { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? TaskStatus { get; }

    public INamedTypeSymbol? LambdaExpression { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? MemoryStream { get; }

    public INamedTypeSymbol? ObsoleteAttribute { get; }

    public INamedTypeSymbol? IAsyncDisposable { get; }

    /// <summary>The compilation targets .NET Framework (its core library is mscorlib).</summary>
    public bool IsNetFramework { get; }

    public static KnownTypes Create(Compilation compilation) => new(compilation);

    /// <summary>Whether <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}

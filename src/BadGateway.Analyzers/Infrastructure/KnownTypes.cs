using System.Threading;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// The well-known types the rules look for, each resolved at most once per compilation, when first needed.
/// A property is <see langword="null"/> when the compilation does not reference the type.
/// </summary>
internal sealed class KnownTypes
{
    private readonly Compilation _compilation;
    private readonly IAssemblySymbol? _coreLibrary;

    // One slot per type: null until first asked for, then the symbol or _missing (the compilation lacks the type).
    private readonly object?[] _slots = new object?[23];
    private readonly object _missing = new();

    private KnownTypes(Compilation compilation)
    {
        _compilation = compilation;
        _coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        IsNetFramework = _coreLibrary?.Name == "mscorlib";
    }

    public INamedTypeSymbol? HttpClient => Get(0, "System.Net.Http.HttpClient");

    public INamedTypeSymbol? HttpMessageHandler => Get(1, "System.Net.Http.HttpMessageHandler");

    public INamedTypeSymbol? HttpMessageInvoker => Get(2, "System.Net.Http.HttpMessageInvoker");

    public INamedTypeSymbol? DelegatingHandler => Get(3, "System.Net.Http.DelegatingHandler");

    public INamedTypeSymbol? HttpClientHandler => Get(4, "System.Net.Http.HttpClientHandler");

    public INamedTypeSymbol? SocketsHttpHandler => Get(5, "System.Net.Http.SocketsHttpHandler");

    public INamedTypeSymbol? WinHttpHandler => Get(6, "System.Net.Http.WinHttpHandler");

    public INamedTypeSymbol? ServicePointManager => Get(7, "System.Net.ServicePointManager");

    public INamedTypeSymbol? WebRequest => Get(8, "System.Net.WebRequest");

    public INamedTypeSymbol? HttpWebRequest => Get(9, "System.Net.HttpWebRequest");

    public INamedTypeSymbol? WebClient => Get(10, "System.Net.WebClient");

    public INamedTypeSymbol? Task => Get(11, "System.Threading.Tasks.Task");

    public INamedTypeSymbol? TaskOfT => Get(12, "System.Threading.Tasks.Task`1");

    public INamedTypeSymbol? ValueTask => Get(13, "System.Threading.Tasks.ValueTask");

    public INamedTypeSymbol? ValueTaskOfT => Get(14, "System.Threading.Tasks.ValueTask`1");

    public INamedTypeSymbol? TaskStatus => Get(15, "System.Threading.Tasks.TaskStatus");

    public INamedTypeSymbol? LambdaExpression => Get(16, "System.Linq.Expressions.LambdaExpression");

    public INamedTypeSymbol? CancellationToken => Get(17, "System.Threading.CancellationToken");

    public INamedTypeSymbol? Thread => Get(18, "System.Threading.Thread");

    public INamedTypeSymbol? MemoryStream => Get(19, "System.IO.MemoryStream");

    public INamedTypeSymbol? ObsoleteAttribute => Get(20, "System.ObsoleteAttribute");

    public INamedTypeSymbol? IAsyncDisposable => Get(21, "System.IAsyncDisposable");

    public INamedTypeSymbol? LazyOfT => Get(22, "System.Lazy`1");

    /// <summary>The compilation targets .NET Framework (its core library is mscorlib).</summary>
    public bool IsNetFramework { get; }

    public static KnownTypes Create(Compilation compilation) => new(compilation);

    /// <summary>
    /// Resolves a type the first time a rule asks for it: most compilations never need most of these, and by the time an
    /// operation asks, the compiler has loaded the namespaces involved. The core library is asked first (one assembly
    /// instead of every reference); the whole compilation only for the types that live elsewhere.
    /// </summary>
    private INamedTypeSymbol? Get(int slot, string metadataName)
    {
        var value = Volatile.Read(ref _slots[slot]);
        if (value is null)
        {
            // Two threads may resolve the same type at once; both find the same symbol, so the race is harmless.
            value = _coreLibrary?.GetTypeByMetadataName(metadataName) ?? _compilation.GetTypeByMetadataName(metadataName) ?? _missing;
            Volatile.Write(ref _slots[slot], value);
        }

        return value as INamedTypeSymbol;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType) => IsOrDerivesFrom(type, baseType, null);

    /// <summary>Whether <paramref name="type"/> is or derives from either base type (a missing one is skipped): one walk up the base types for both.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType, INamedTypeSymbol? otherBaseType)
    {
        if (baseType is null && otherBaseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            var definition = current.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(definition, baseType) || SymbolEqualityComparer.Default.Equals(definition, otherBaseType))
            {
                return true;
            }
        }

        return false;
    }
}

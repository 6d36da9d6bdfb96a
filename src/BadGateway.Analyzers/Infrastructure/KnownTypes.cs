using System.Linq;
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

    // The core library, found on first use: asking for it binds the compilation's references, which the compiler does
    // anyway; from a compilation-start action (the driver runs them as the build starts) that work was charged to,
    // and possibly done a second time by, the analyzer. Null until asked, then the assembly or _missing.
    private object? _coreLibrary;

    /// <summary>The value the core library's cache holds once the compilation was found to lack one (the type caches hold a <see cref="Resolved"/>).</summary>
    private readonly object _missing = new();

    // One cache per type: null until first asked for, then the answer (its symbol, or null when the compilation lacks it).
    // An answer of a sealed class, not the symbol itself, so that every read is one type check instead of an interface cast
    // (every invocation of the compilation reads Task, issue #16).
    private Resolved? _httpClient;
    private Resolved? _httpMessageHandler;
    private Resolved? _httpMessageInvoker;
    private Resolved? _delegatingHandler;
    private Resolved? _httpClientHandler;
    private Resolved? _socketsHttpHandler;
    private Resolved? _winHttpHandler;
    private Resolved? _servicePointManager;
    private Resolved? _webRequest;
    private Resolved? _httpWebRequest;
    private Resolved? _webClient;
    private Resolved? _task;
    private Resolved? _taskOfT;
    private Resolved? _valueTask;
    private Resolved? _valueTaskOfT;
    private Resolved? _taskStatus;
    private Resolved? _lambdaExpression;
    private Resolved? _cancellationToken;
    private Resolved? _thread;
    private Resolved? _memoryStream;
    private Resolved? _obsoleteAttribute;
    private Resolved? _iAsyncDisposable;
    private Resolved? _spanOfT;
    private Resolved? _readOnlySpanOfT;
    private Resolved? _memoryOfT;
    private Resolved? _readOnlyMemoryOfT;
    private Resolved? _cancellationTokenSource;
    private Resolved? _stream;
    private Resolved? _textReader;
    private Resolved? _textWriter;
    private Resolved? _stringReader;
    private Resolved? _stringWriter;
    private Resolved? _binaryReader;
    private Resolved? _binaryWriter;
    private Resolved? _dbContext;
    private Resolved? _dbSetOfT;
    private Resolved? _dbDataReader;
    private Resolved? _lazyOfT;

    /// <summary>Touches no symbol: a compilation-start action can create it without binding the compilation's references.</summary>
    private KnownTypes(Compilation compilation)
    {
        _compilation = compilation;
        IsExecutable = ProjectKind.IsExecutable(compilation.Options);
    }

    /// <summary>The compilation builds an executable, not a library (see <see cref="ProjectKind"/>).</summary>
    public bool IsExecutable { get; }

    public INamedTypeSymbol? HttpClient => Resolve(ref _httpClient, WellKnownTypeNames.HttpClient);

    public INamedTypeSymbol? HttpMessageHandler => Resolve(ref _httpMessageHandler, WellKnownTypeNames.HttpMessageHandler);

    public INamedTypeSymbol? HttpMessageInvoker => Resolve(ref _httpMessageInvoker, WellKnownTypeNames.HttpMessageInvoker);

    public INamedTypeSymbol? DelegatingHandler => Resolve(ref _delegatingHandler, WellKnownTypeNames.DelegatingHandler);

    public INamedTypeSymbol? HttpClientHandler => Resolve(ref _httpClientHandler, WellKnownTypeNames.HttpClientHandler);

    public INamedTypeSymbol? SocketsHttpHandler => Resolve(ref _socketsHttpHandler, WellKnownTypeNames.SocketsHttpHandler);

    public INamedTypeSymbol? WinHttpHandler => Resolve(ref _winHttpHandler, WellKnownTypeNames.WinHttpHandler);

    public INamedTypeSymbol? ServicePointManager => Resolve(ref _servicePointManager, WellKnownTypeNames.ServicePointManager);

    public INamedTypeSymbol? WebRequest => Resolve(ref _webRequest, WellKnownTypeNames.WebRequest);

    public INamedTypeSymbol? HttpWebRequest => Resolve(ref _httpWebRequest, WellKnownTypeNames.HttpWebRequest);

    public INamedTypeSymbol? WebClient => Resolve(ref _webClient, WellKnownTypeNames.WebClient);

    public INamedTypeSymbol? Task => Resolve(ref _task, WellKnownTypeNames.Task);

    public INamedTypeSymbol? TaskOfT => Resolve(ref _taskOfT, WellKnownTypeNames.TaskOfT);

    public INamedTypeSymbol? ValueTask => Resolve(ref _valueTask, WellKnownTypeNames.ValueTask);

    public INamedTypeSymbol? ValueTaskOfT => Resolve(ref _valueTaskOfT, WellKnownTypeNames.ValueTaskOfT);

    public INamedTypeSymbol? TaskStatus => Resolve(ref _taskStatus, WellKnownTypeNames.TaskStatus);

    public INamedTypeSymbol? LambdaExpression => Resolve(ref _lambdaExpression, WellKnownTypeNames.LambdaExpression);

    public INamedTypeSymbol? CancellationToken => Resolve(ref _cancellationToken, WellKnownTypeNames.CancellationToken);

    public INamedTypeSymbol? Thread => Resolve(ref _thread, WellKnownTypeNames.Thread);

    public INamedTypeSymbol? MemoryStream => Resolve(ref _memoryStream, WellKnownTypeNames.MemoryStream);

    public INamedTypeSymbol? ObsoleteAttribute => Resolve(ref _obsoleteAttribute, WellKnownTypeNames.ObsoleteAttribute);

    public INamedTypeSymbol? IAsyncDisposable => Resolve(ref _iAsyncDisposable, WellKnownTypeNames.IAsyncDisposable);

    public INamedTypeSymbol? SpanOfT => Resolve(ref _spanOfT, WellKnownTypeNames.SpanOfT);

    public INamedTypeSymbol? ReadOnlySpanOfT => Resolve(ref _readOnlySpanOfT, WellKnownTypeNames.ReadOnlySpanOfT);

    public INamedTypeSymbol? MemoryOfT => Resolve(ref _memoryOfT, WellKnownTypeNames.MemoryOfT);

    public INamedTypeSymbol? ReadOnlyMemoryOfT => Resolve(ref _readOnlyMemoryOfT, WellKnownTypeNames.ReadOnlyMemoryOfT);

    public INamedTypeSymbol? CancellationTokenSource => Resolve(ref _cancellationTokenSource, WellKnownTypeNames.CancellationTokenSource);

    public INamedTypeSymbol? Stream => Resolve(ref _stream, WellKnownTypeNames.Stream);

    public INamedTypeSymbol? TextReader => Resolve(ref _textReader, WellKnownTypeNames.TextReader);

    public INamedTypeSymbol? TextWriter => Resolve(ref _textWriter, WellKnownTypeNames.TextWriter);

    public INamedTypeSymbol? StringReader => Resolve(ref _stringReader, WellKnownTypeNames.StringReader);

    public INamedTypeSymbol? StringWriter => Resolve(ref _stringWriter, WellKnownTypeNames.StringWriter);

    public INamedTypeSymbol? BinaryReader => Resolve(ref _binaryReader, WellKnownTypeNames.BinaryReader);

    public INamedTypeSymbol? BinaryWriter => Resolve(ref _binaryWriter, WellKnownTypeNames.BinaryWriter);

    public INamedTypeSymbol? DbContext => Resolve(ref _dbContext, WellKnownTypeNames.DbContext);

    public INamedTypeSymbol? DbSetOfT => Resolve(ref _dbSetOfT, WellKnownTypeNames.DbSetOfT);

    public INamedTypeSymbol? DbDataReader => Resolve(ref _dbDataReader, WellKnownTypeNames.DbDataReader);

    public INamedTypeSymbol? LazyOfT => Resolve(ref _lazyOfT, WellKnownTypeNames.LazyOfT);

    /// <summary>The compilation targets .NET Framework (its core library is mscorlib).</summary>
    public bool IsNetFramework => CoreLibrary?.Name == "mscorlib";

    /// <summary>The compilation targets .NET (Core): its core library is neither mscorlib nor netstandard (a .NET Standard build also runs on .NET Framework).</summary>
    public bool IsNetCore => CoreLibrary?.Name is { } core && core != "mscorlib" && core != "netstandard";

    private IAssemblySymbol? CoreLibrary
    {
        get
        {
            var value = Volatile.Read(ref _coreLibrary);
            if (value is null)
            {
                value = (object?)_compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly ?? _missing;
                Volatile.Write(ref _coreLibrary, value);
            }

            return value as IAssemblySymbol;
        }
    }

    public static KnownTypes Create(Compilation compilation) => new(compilation);

    /// <summary>
    /// Resolves a type the first time a rule asks for it: most compilations never need most of these, and by the time an
    /// operation asks, the compiler has loaded the namespaces involved. The core library is asked first (one assembly
    /// instead of every reference); the whole compilation only for the types that live elsewhere.
    /// </summary>
    private INamedTypeSymbol? Resolve(ref Resolved? cache, string metadataName)
    {
        var value = Volatile.Read(ref cache);
        if (value is null)
        {
            // Two threads may resolve the same type at once; both find the same symbol, so the race is harmless.
            value = new Resolved(CoreLibrary?.GetTypeByMetadataName(metadataName) ?? _compilation.GetTypeByMetadataName(metadataName));
            Volatile.Write(ref cache, value);
        }

        return value.Symbol;
    }

    /// <summary>A type looked up once: its symbol, or null when the compilation does not have it.</summary>
    private sealed class Resolved
    {
        public Resolved(INamedTypeSymbol? symbol) => Symbol = symbol;

        public INamedTypeSymbol? Symbol { get; }
    }

    /// <summary>
    /// <c>Task</c>, <c>ValueTask</c>, <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c> (exactly: a type derived from <c>Task</c> is
    /// not asked for here). The name is read first: BG0102 asks this of the member around every call in async code.
    /// </summary>
    public bool IsTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named
        && (SymbolEqualityComparer.Default.Equals(named, Task)
            || SymbolEqualityComparer.Default.Equals(named, ValueTask)
            || IsGenericTaskLike(named));

    /// <summary><c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    public bool IsGenericTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", IsGenericType: true } named
        && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, TaskOfT)
            || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ValueTaskOfT));

    /// <summary>
    /// Whether the type has an instance <c>GetAwaiter</c> of its own or of a base type (Task, ValueTask, their subclasses,
    /// custom awaitables). Extension awaiters and type parameters are not seen: callers decide what those mean.
    /// </summary>
    public static bool IsAwaitable(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is INamedTypeSymbol named ? named.MemberNames.Contains("GetAwaiter") : !current.GetMembers("GetAwaiter").IsEmpty)
            {
                return true;
            }
        }

        return false;
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

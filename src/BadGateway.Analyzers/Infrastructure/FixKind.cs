using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// The edit a fix makes for a diagnostic, chosen by the analyzer (which saw the code) and carried in the diagnostic's
/// properties under <see cref="FixKinds.Key"/>. A fix decides by this, never by the message text; where a rule's fix
/// reads a kind, a diagnostic without one (or with one the fix does not make) gets no fix.
/// </summary>
internal enum FixKind
{
    /// <summary>BG0201: share one static HttpClient (or get clients from IHttpClientFactory).</summary>
    ShareClient,

    /// <summary>BG0201: pass <c>disposeHandler: false</c> to a per-call client over a shared handler.</summary>
    KeepSharedHandler,

    /// <summary>BG0301: add <c>MaxConnectionsPerServer = N</c> to the handler creation's object initializer.</summary>
    SetInInitializer,

    /// <summary>BG0301: create the shared client over a new handler that sets the limit (its metadata name is a separate property).</summary>
    AddHandler,

    /// <summary>BG0301, BG0302: replace a low literal with the configured value.</summary>
    RaiseValue,

    /// <summary>BG0302: set the limit first thing in the entry point (its declaration is the diagnostic's additional location).</summary>
    InsertInMain,

    /// <summary>
    /// BG0302: remove an assignment that has no effect on .NET (Core). The fix chooses the form: the statement goes, or
    /// its value stays (<c>_ = ReadLimit();</c>, <c>int limit = 40;</c>), or an embedded statement becomes <c>{ }</c>.
    /// </summary>
    RemoveAssignment,

    /// <summary>BG0302: a named int constant below the minimum: set it where it is declared (when only connection limits use it).</summary>
    RaiseConstant,
}

/// <summary>Writes a <see cref="FixKind"/> into a diagnostic's properties and reads it back.</summary>
internal static class FixKinds
{
    /// <summary>The diagnostic property that holds the kind's name.</summary>
    public const string Key = nameof(FixKind);

    private static readonly ImmutableArray<ImmutableDictionary<string, string?>> s_properties = ((FixKind[])Enum.GetValues(typeof(FixKind)))
        .Select(kind => ImmutableDictionary<string, string?>.Empty.Add(Key, kind.ToString()))
        .ToImmutableArray();

    /// <summary>Properties that hold <paramref name="kind"/> only (one shared dictionary per kind).</summary>
    public static ImmutableDictionary<string, string?> Properties(FixKind kind) => s_properties[(int)kind];

    /// <summary>
    /// The kind the analyzer wrote; false when the property is missing or not exactly one kind's name (a number, a
    /// comma-separated list or another case would parse, and is refused too).
    /// </summary>
    public static bool TryGetFixKind(this Diagnostic diagnostic, out FixKind kind)
    {
        kind = default;
        return diagnostic.Properties.TryGetValue(Key, out var value)
            && value is not null
            && Enum.TryParse(value, out kind)
            && Enum.IsDefined(typeof(FixKind), kind)
            && string.Equals(kind.ToString(), value, StringComparison.Ordinal);
    }
}

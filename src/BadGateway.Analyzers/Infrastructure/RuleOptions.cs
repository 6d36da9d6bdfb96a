using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// The .editorconfig options of the rules. Keys are scoped by rule (<c>bg0301.max_connections_per_server</c>);
/// a missing or bad value (<c>abc</c>, <c>-5</c>, <c>0</c>) falls back to the documented default.
/// </summary>
internal static class RuleOptions
{
    public const string BG0101AllowedMethods = "bg0101.allowed_methods";
    public const string BG0101ReportSyncMain = "bg0101.report_sync_main";
    public const string BG0101ConvertPublicApi = "bg0101.convert_public_api";
    public const string BG0102ExcludedSymbols = "bg0102.excluded_symbols";
    public const string BG0102ReportMemoryStream = "bg0102.report_memory_stream";
    public const string BG0102ReportCancellationTokenSourceCancel = "bg0102.report_cancellation_token_source_cancel";
    public const string BG0201ReportInstanceMembers = "bg0201.report_instance_members";
    public const string BG0201PooledConnectionLifetimeMinutes = "bg0201.pooled_connection_lifetime_minutes";
    public const int DefaultPooledConnectionLifetimeMinutes = 2;
    public const string BG0301MaxConnectionsPerServer = "bg0301.max_connections_per_server";
    public const string BG0301MinConnectionsPerServer = "bg0301.min_connections_per_server";
    public const string BG0302ConnectionLimit = "bg0302.connection_limit";
    public const string BG0302MinConnectionLimit = "bg0302.min_connection_limit";

    public const int DefaultMaxConnectionsPerServer = 50;
    public const int DefaultMinConnectionsPerServer = 3;
    public const int DefaultConnectionLimit = 50;
    public const int DefaultMinConnectionLimit = 10;

    /// <summary>The value of a whole-number option of at least 1, or <paramref name="defaultValue"/>.</summary>
    public static int GetPositiveInt(AnalyzerConfigOptions options, string key, int defaultValue)
    {
        return options.TryGetValue(key, out var text)
            && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value >= 1
                ? value
                : defaultValue;
    }

    /// <summary>Whether the whole-number option <paramref name="key"/> is set to a value of at least 1 (not left to its default).</summary>
    public static bool IsSet(AnalyzerConfigOptions options, string key) => GetPositiveInt(options, key, 0) != 0;

    /// <summary>The value of a true/false option, or <paramref name="defaultValue"/>.</summary>
    public static bool GetBool(AnalyzerConfigOptions options, string key, bool defaultValue) =>
        options.TryGetValue(key, out var text) && bool.TryParse(text.Trim(), out var value) ? value : defaultValue;

    /// <summary>The items of a comma-separated list option (empty when unset).</summary>
    public static string[] GetList(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var text)
            ? text.Split(new[] { ',', ';' }, System.StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray()
            : System.Array.Empty<string>();

    public static int GetPositiveInt(AnalyzerConfigOptionsProvider provider, SyntaxTree tree, string key, int defaultValue) =>
        GetPositiveInt(provider.GetOptions(tree), key, defaultValue);

    /// <summary>The MaxConnectionsPerServer a fix writes: the configured value, never below the configured minimum.</summary>
    public static int MaxConnectionsPerServer(AnalyzerConfigOptionsProvider provider, SyntaxTree tree)
    {
        var options = provider.GetOptions(tree);
        var value = GetPositiveInt(options, BG0301MaxConnectionsPerServer, DefaultMaxConnectionsPerServer);
        var minimum = GetPositiveInt(options, BG0301MinConnectionsPerServer, DefaultMinConnectionsPerServer);
        return value < minimum ? minimum : value;
    }

    /// <summary>The DefaultConnectionLimit a fix writes: the configured value, never below the configured minimum.</summary>
    public static int ConnectionLimit(AnalyzerConfigOptionsProvider provider, SyntaxTree tree)
    {
        var options = provider.GetOptions(tree);
        var value = GetPositiveInt(options, BG0302ConnectionLimit, DefaultConnectionLimit);
        var minimum = GetPositiveInt(options, BG0302MinConnectionLimit, DefaultMinConnectionLimit);
        return value < minimum ? minimum : value;
    }
}

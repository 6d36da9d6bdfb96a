namespace BadGateway.Analyzers;

/// <summary>The ids of every BadGateway rule, shared by analyzers, code fixes and tests.</summary>
public static class DiagnosticIds
{
    public const string BlockingWait = "BG0101";
    public const string SyncCallInAsyncCode = "BG0102";
    public const string HttpClientPerCall = "BG0201";
    public const string MaxConnectionsPerServer = "BG0301";
    public const string DefaultConnectionLimit = "BG0302";
}

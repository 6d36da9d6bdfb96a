namespace BadGateway.Analyzers;

/// <summary>The ids of every BadGateway rule, shared by analyzers, code fixes and tests.</summary>
public static class DiagnosticIds
{
    public const string HttpClientPerCall = "BG0201";
}

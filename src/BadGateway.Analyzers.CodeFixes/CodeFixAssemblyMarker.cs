namespace BadGateway.Analyzers.CodeFixes;

/// <summary>Names the code-fix assembly for tests and tools that load it by type.</summary>
internal static class CodeFixAssemblyMarker
{
}

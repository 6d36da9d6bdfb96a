using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>What a compilation builds: an executable, which owns its process's settings, or a library, which leaves them to the app.</summary>
internal static class ProjectKind
{
    /// <summary>
    /// Console, Windows and Windows Runtime applications (ASP.NET Core and worker services build as console
    /// applications); not libraries (<c>DynamicallyLinkedLibrary</c>, <c>NetModule</c>, <c>WindowsRuntimeMetadata</c>).
    /// </summary>
    public static bool IsExecutable(CompilationOptions options) =>
        options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication;
}

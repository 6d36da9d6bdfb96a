using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace BadGateway.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// A fix provider never throws: Visual Studio shows a gold bar and <c>dotnet format</c> drops every fix of the run
/// (seen on elastic-transport-net: "Failed to apply code fix ... Object reference not set"). A failure inside a
/// provider offers no action instead, and a failure inside an action or a Fix All leaves the code as it was.
/// </summary>
internal static class FixGuard
{
    /// <summary>Raised with each exception a guard swallowed, so the robustness tests can see and count them.</summary>
    internal static event Action<Exception>? Swallowed;

    public static async Task RegisterAsync(CodeFixContext context, Func<CodeFixContext, Task> register)
    {
        try
        {
            await register(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsBug(exception, context.CancellationToken))
        {
            Swallowed?.Invoke(exception);
        }
    }

    /// <summary>The result of <paramref name="compute"/>, or <paramref name="unchanged"/> when it fails.</summary>
    public static async Task<T> OrUnchangedAsync<T>(Func<Task<T>> compute, T unchanged, CancellationToken cancellationToken)
    {
        try
        {
            return await compute().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsBug(exception, cancellationToken))
        {
            Swallowed?.Invoke(exception);
            return unchanged;
        }
    }

    public static Task<Document> OrUnchangedAsync(Document document, Func<Task<Document>> compute, CancellationToken cancellationToken) =>
        OrUnchangedAsync(compute, document, cancellationToken);

    public static Task<Solution> OrUnchangedAsync(Solution solution, Func<Task<Solution>> compute, CancellationToken cancellationToken) =>
        OrUnchangedAsync(compute, solution, cancellationToken);

    /// <summary>Cancellation asked for by the caller is not a failure: it goes on up.</summary>
    private static bool IsBug(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
}

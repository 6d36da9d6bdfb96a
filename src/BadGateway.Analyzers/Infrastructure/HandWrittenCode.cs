using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>
/// Generated code is skipped by the analyzers' own actions, not by the driver's diagnostic filter.
/// </summary>
/// <remarks>
/// With <see cref="GeneratedCodeAnalysisFlags.None"/> the driver checks every reported diagnostic's location, and the
/// first report in a file makes it bind every declaration of that file to find the ones marked <c>[GeneratedCode]</c>.
/// Measured on the benchmark corpus, that check was 40% of the five analyzers' time together. The driver already
/// tells each action whether its code is generated (an <c>&lt;auto-generated&gt;</c> header, a <c>.g.cs</c> or
/// <c>.designer.cs</c> name, <c>generated_code = true</c>, or <c>[GeneratedCode]</c> on the symbol or a type around it),
/// so the actions registered here return at once on generated code: nothing is analyzed or reported there, as before.
/// Tests: GeneratedCodeTests.
/// </remarks>
internal static class HandWrittenCode
{
    /// <summary>The flags every BG analyzer configures; pair them with the registrations below.</summary>
    public const GeneratedCodeAnalysisFlags AnalysisFlags = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;

    /// <summary><see cref="CompilationStartAnalysisContext.RegisterOperationAction(Action{OperationAnalysisContext}, OperationKind[])"/>, run on hand-written code only.</summary>
    public static void RegisterHandWrittenOperationAction(this CompilationStartAnalysisContext context, Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
        context.RegisterOperationAction(SkipGenerated(action), ImmutableArray.Create(kinds));

    /// <summary><see cref="SymbolStartAnalysisContext.RegisterOperationAction(Action{OperationAnalysisContext}, OperationKind[])"/>, run on hand-written code only.</summary>
    public static void RegisterHandWrittenOperationAction(this SymbolStartAnalysisContext context, Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
        context.RegisterOperationAction(SkipGenerated(action), ImmutableArray.Create(kinds));

    /// <summary><see cref="CompilationStartAnalysisContext.RegisterSymbolStartAction(Action{SymbolStartAnalysisContext}, SymbolKind)"/>, for symbols declared in hand-written code only.</summary>
    public static void RegisterHandWrittenSymbolStartAction(this CompilationStartAnalysisContext context, Action<SymbolStartAnalysisContext> action, SymbolKind kind) =>
        context.RegisterSymbolStartAction(
            start =>
            {
                if (!start.IsGeneratedCode)
                {
                    action(start);
                }
            },
            kind);

    private static Action<OperationAnalysisContext> SkipGenerated(Action<OperationAnalysisContext> action) => context =>
    {
        if (!context.IsGeneratedCode)
        {
            action(context);
        }
    };
}

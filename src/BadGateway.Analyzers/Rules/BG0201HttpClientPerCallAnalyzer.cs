using System.Collections.Immutable;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>BG0201: an <c>HttpClient</c> created in a method body lives for one call.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BG0201HttpClientPerCallAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.BG0201HttpClientPerCall);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var httpClient = KnownTypes.Create(start.Compilation).HttpClient;
            if (httpClient is null)
            {
                return;
            }

            start.RegisterOperationAction(
                c => AnalyzeObjectCreation(c, httpClient),
                OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeObjectCreation(OperationAnalysisContext context, INamedTypeSymbol httpClient)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, httpClient))
        {
            return;
        }

        if (context.ContainingSymbol is not IMethodSymbol method
            || method.MethodKind == MethodKind.StaticConstructor)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.BG0201HttpClientPerCall,
            creation.Syntax.GetLocation(),
            DisplayText.Of(creation.Syntax)));
    }
}

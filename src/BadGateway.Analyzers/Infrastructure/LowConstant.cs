using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Infrastructure;

/// <summary>A connection limit assigned a constant below the configured minimum (BG0301 and BG0302).</summary>
internal static class LowConstant
{
    /// <summary>
    /// Reports <paramref name="assignment"/> when its value is an int constant below the minimum option. A literal gets
    /// the raise fix (<see cref="FixKind.RaiseValue"/>); a named constant is changed where it is declared
    /// (<see cref="FixKind.RaiseConstant"/>) only where <paramref name="constantIsFixed"/> says the rule's fix reads it (BG0302's).
    /// </summary>
    public static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IAssignmentOperation assignment, string minimumKey, int defaultMinimum, bool constantIsFixed)
    {
        if (assignment.Value.ConstantValue is not { HasValue: true, Value: int value })
        {
            return;
        }

        var minimum = RuleOptions.GetPositiveInt(context.Options.AnalyzerConfigOptionsProvider, assignment.Syntax.SyntaxTree, minimumKey, defaultMinimum);
        if (value >= minimum)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            descriptor,
            assignment.Syntax.GetLocation(),
            assignment.Value.Syntax switch
            {
                LiteralExpressionSyntax => FixKinds.Properties(FixKind.RaiseValue),
                IdentifierNameSyntax or MemberAccessExpressionSyntax when constantIsFixed && assignment.Value is IFieldReferenceOperation { Field.IsConst: true } => FixKinds.Properties(FixKind.RaiseConstant),
                _ => ImmutableDictionary<string, string?>.Empty,
            },
            value,
            minimum));
    }
}

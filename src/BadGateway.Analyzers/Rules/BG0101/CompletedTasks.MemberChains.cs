using System;
using System.Linq;
using System.Text;
using BadGateway.Analyzers.Infrastructure;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BadGateway.Analyzers.Rules;

/// <summary>
/// A task reached through a member chain of another object (<c>requestContent!.ConsumptionTask</c>), which the symbol
/// tracking does not follow: guarded by a completion check of the same chain, written the same way up to <c>?</c>,
/// <c>!</c> and spaces, directly or through a bool local given only that check (YARP's forwarder:
/// <c>var tried = content?.ConsumptionTask.IsCompleted == true; if (tried) { _ = content!.ConsumptionTask.Result; }</c>).
/// </summary>
internal static partial class CompletedTasks
{
    private static bool IsMemberChainGuarded(IOperation site, IOperation task, CancellationToken cancellationToken)
    {
        if (task.WithoutConversions() is not (IPropertyReferenceOperation { Instance: not null } or IFieldReferenceOperation { Instance: not null }))
        {
            return false;
        }

        var chain = Normalize(task.Syntax.ToString());
        if (chain.Length == 0 || chain.IndexOf('(') >= 0)
        {
            return false;
        }

        var child = site;
        for (var parent = site.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.WhenTrue == child && ChainProves(conditional.Condition, chain, 0, cancellationToken):
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when conjunction.RightOperand == child && ChainProves(conjunction.LeftOperand, chain, 0, cancellationToken):
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool ChainProves(IOperation condition, string chain, int depth, CancellationToken cancellationToken)
    {
        var current = condition.WithoutConversions();
        switch (current)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction:
                return ChainProves(conjunction.LeftOperand, chain, depth, cancellationToken) || ChainProves(conjunction.RightOperand, chain, depth, cancellationToken);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals
                when equals.RightOperand.WithoutConversions().ConstantValue is { HasValue: true, Value: true }:
                return ChainProves(equals.LeftOperand, chain, depth, cancellationToken);
            case ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Boolean } local } when depth == 0:
                return OnlyValue(current, local, cancellationToken) is { } value && ChainProves(value, chain, depth + 1, cancellationToken);
            default:
                var text = Normalize(current.Syntax.ToString());
                return text.StartsWith(chain, StringComparison.Ordinal)
                    && text.Length > chain.Length
                    && text[chain.Length] == '.'
                    && IsCompletionName(text.Substring(chain.Length + 1));
        }
    }

    /// <summary>The initializer of a local that nothing else assigns, ref-passes or deconstructs into.</summary>
    private static IOperation? OnlyValue(IOperation reference, ILocalSymbol local, CancellationToken cancellationToken)
    {
        IOperation? value = null;
        foreach (var operation in reference.Root().Descendants(cancellationToken))
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    value = declarator.Initializer?.Value;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation passed } when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    return null;
                case IDeconstructionAssignmentOperation deconstruction
                    when deconstruction.Target.Descendants().OfType<ILocalReferenceOperation>().Any(l => SymbolEqualityComparer.Default.Equals(l.Local, local)):
                    return null;
            }
        }

        return value;
    }

    /// <summary>The expression's text without spaces, null-forgiving <c>!</c> and the <c>?</c> of conditional access.</summary>
    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (char.IsWhiteSpace(c) || ((c == '!' || c == '?') && (next == '.' || next == '[')))
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

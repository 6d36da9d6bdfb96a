using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// A client created in a loop of top-level statements (<c>foreach (var u in urls) { using var c = new HttpClient(); ... }</c>),
/// where no type can hold a static field: its declaration, with its constant setup, moves before the outermost loop, so the
/// program creates it once (the top-level statements are the program's entry point: BG0201 does not report a client there).
/// </summary>
internal sealed class TopLevelLoopHoist
{
    private readonly List<System.Action<SyntaxEditor>> _edits = new();

    private TopLevelLoopHoist()
    {
    }

    public void Apply(SyntaxEditor editor)
    {
        foreach (var edit in _edits)
        {
            edit(editor);
        }
    }

    public static TopLevelLoopHoist? TryCreate(BaseObjectCreationExpressionSyntax creation, SemanticModel model, SocketsHandlerSettings? socketsHandler, int? maxConnectionsPerServer, CancellationToken cancellationToken)
    {
        if (creation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: { } owner } } declarator }
            || owner is not (LocalDeclarationStatementSyntax { Parent: BlockSyntax } or UsingStatementSyntax { Parent: BlockSyntax })
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || OutermostLoop(owner) is not { } loop
            || !(creation.ArgumentList?.Arguments.All(a => a.NameColon is null && SharedClientPlan.IsConstant(a.Expression, model, cancellationToken)) ?? true)
            || !(creation.Initializer?.Expressions.All(e => e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax } a && SharedClientPlan.IsConstant(a.Right, model, cancellationToken)) ?? true)
            || IsNameTakenElsewhere(creation.SyntaxTree.GetRoot(cancellationToken), declarator))
        {
            return null;
        }

        // The constant setup right after the declaration moves with it; per-iteration setup means no fix.
        var moved = owner is LocalDeclarationStatementSyntax declaration
            ? ClientSetup.Following(declaration, local.Name, model, cancellationToken).ToList()
            : new List<ClientSetupStatement>();
        if (moved.Any(s => s.Kind is ClientSetupKind.PerCallBaseAddress or ClientSetupKind.Authorization
            || s.Kind == ClientSetupKind.Header && !(SharedClientPlan.IsConstant(s.HeaderName!, model, cancellationToken) && SharedClientPlan.IsConstant(s.Value, model, cancellationToken))))
        {
            return null;
        }

        var movedStatements = moved.Select(s => s.Statement).ToList();
        if (!TryFindDisposals(loop, local, model, movedStatements, out var disposals))
        {
            return null;
        }

        var configuration = creation.Initializer?.Expressions.Cast<AssignmentExpressionSyntax>().ToList() ?? new List<AssignmentExpressionSyntax>();
        var initializer = SharedClientPlan.BuildInitializer(creation, configuration, socketsHandler, null, maxConnectionsPerServer, model, cancellationToken);
        var disposes = owner is UsingStatementSyntax || ((LocalDeclarationStatementSyntax)owner).UsingKeyword.RawKind != 0 || disposals.Count > 0;
        var plan = new TopLevelLoopHoist();

        // Each on a line of its own, indented as the loop (the formatter does not break lines between statements).
        var endOfLine = loop.SyntaxTree.GetRoot(cancellationToken).DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.EndOfLine("\n");
        var indentation = SyntaxFactory.TriviaList(loop.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
        var hoisted = new List<StatementSyntax>
        {
            SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(local.Name).WithInitializer(SyntaxFactory.EqualsValueClause(initializer)))))
                .WithUsingKeyword(disposes ? SyntaxFactory.Token(SyntaxKind.UsingKeyword) : default)
                .NormalizeWhitespace(),
        };
        hoisted.AddRange(movedStatements.Select(s => s.WithoutTrivia()));
        hoisted = hoisted.Select(s => s.WithLeadingTrivia(indentation).WithTrailingTrivia(newLine)).ToList();

        // The blank lines in front of the loop go in front of the client; the loop keeps its comments.
        var loopTrivia = loop.GetLeadingTrivia();
        var blankLines = loopTrivia.TakeWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)).ToList();
        var lastBlank = blankLines.FindLastIndex(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (lastBlank >= 0)
        {
            hoisted[0] = hoisted[0].WithLeadingTrivia(SyntaxFactory.TriviaList(blankLines.Take(lastBlank + 1)).AddRange(indentation));
            var rest = SyntaxFactory.TriviaList(loopTrivia.Skip(lastBlank + 1));
            plan._edits.Add(editor => editor.ReplaceNode(loop, (current, _) => current.WithLeadingTrivia(rest)));
        }

        plan._edits.Add(editor =>
        {
            if (loop.Parent is GlobalStatementSyntax global)
            {
                editor.InsertBefore(global, hoisted.Select(s => SyntaxFactory.GlobalStatement(s)));
            }
            else
            {
                editor.InsertBefore(loop, hoisted);
            }
        });
        foreach (var statement in movedStatements.Concat(disposals))
        {
            plan._edits.Add(editor => editor.ReplaceNode(statement, (current, _) => current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation)));
        }

        plan._edits.Add(owner switch
        {
            UsingStatementSyntax usingStatement => editor => editor.ReplaceNode(usingStatement, (current, _) => ((UsingStatementSyntax)current).Statement.WithTriviaFrom(current)),
            _ => editor => editor.ReplaceNode(owner, (current, _) => current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation)),
        });
        return plan;
    }

    /// <summary>The outermost loop around <paramref name="statement"/> in the top-level statements, itself a statement of a block or a top-level one; null in a lambda or local function, or in a type.</summary>
    private static StatementSyntax? OutermostLoop(SyntaxNode statement)
    {
        StatementSyntax? loop = null;
        for (var current = statement.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax and not GlobalStatementSyntax:
                    return null;
                case CommonForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                    loop = (StatementSyntax)current;
                    break;
                case GlobalStatementSyntax:
                    return loop?.Parent is GlobalStatementSyntax or BlockSyntax ? loop : null;
            }
        }

        return null;
    }

    /// <summary>Another variable or parameter of the file with the client's name: the hoisted local would clash or shadow.</summary>
    private static bool IsNameTakenElsewhere(SyntaxNode root, VariableDeclaratorSyntax declarator)
    {
        var name = declarator.Identifier.ValueText;
        return root.DescendantNodes().Any(n => n != declarator && n switch
        {
            VariableDeclaratorSyntax v => v.Identifier.ValueText == name,
            SingleVariableDesignationSyntax d => d.Identifier.ValueText == name,
            ForEachStatementSyntax f => f.Identifier.ValueText == name,
            ParameterSyntax p => p.Identifier.ValueText == name,
            CatchDeclarationSyntax c => c.Identifier.ValueText == name,
            LocalFunctionStatementSyntax f => f.Identifier.ValueText == name,
            _ => false,
        });
    }

    /// <summary>
    /// The client's Dispose() statements (they go); false when a use is anything but a call or a read on the client:
    /// setting it per iteration, or handing it on.
    /// </summary>
    private static bool TryFindDisposals(StatementSyntax loop, ILocalSymbol local, SemanticModel model, List<StatementSyntax> moved, out List<StatementSyntax> disposals)
    {
        disposals = new List<StatementSyntax>();
        foreach (var reference in loop.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference.Identifier.ValueText != local.Name
                || moved.Any(s => s.Span.Contains(reference.Span))
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference).Symbol, local))
            {
                continue;
            }

            if (reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax } dispose } })
            {
                disposals.Add(dispose);
                continue;
            }

            if (reference.Parent is not MemberAccessExpressionSyntax member || member.Expression != reference
                || (member.Parent is AssignmentExpressionSyntax assigned && assigned.Left == member)
                || member.Name.Identifier.ValueText is "DefaultRequestHeaders" or "CancelPendingRequests")
            {
                return false;
            }
        }

        return true;
    }
}

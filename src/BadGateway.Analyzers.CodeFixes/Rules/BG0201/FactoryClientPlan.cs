using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BadGateway.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.CodeFixes.Rules;

/// <summary>
/// BG0201's "Use IHttpClientFactory": inject the factory through the constructor of a non-static class (adding a field,
/// a parameter and its assignment, or a constructor), and get the client from it where it was created. Per-instance
/// configuration stays: a client from the factory is cheap and may be configured per call; only its handlers are shared.
/// </summary>
internal static class FactoryClientPlan
{
    private const string FieldName = "_httpClientFactory";
    private const string ParameterName = "httpClientFactory";

    public static async Task<Solution?> ApplyAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null
            || await PrepareAsync(document, root, model, creation, cancellationToken).ConfigureAwait(false) is not { } prepared)
        {
            return null;
        }

        return await PlanAsync(document, root, model, creation, prepared, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every check the edit makes, without the edit: where the factory is injected, the configuration that moves and,
    /// where some does, the composition root it moves to. Null where <see cref="ApplyAsync"/> has no edit. The lightbulb's
    /// check (issue #16): the cheap syntax and symbol checks run before the reference search and the project scan.
    /// </summary>
    public static async Task<PreparedFactory?> PrepareAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return model is null || root is null ? null : await PrepareAsync(document, root, model, creation, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PreparedFactory?> PrepareAsync(Document document, SyntaxNode root, SemanticModel model, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        if (FindInjection(creation, model, cancellationToken) is not { } injection)
        {
            return null;
        }

        // Constant configuration (initializer, or BaseAddress/Timeout set right after) goes to a named client registered
        // in the composition root, where the project has one in source; without one, the client keeps its configuration.
        var configuration = ConstantConfiguration(creation, model, cancellationToken, out var configurationStatements);
        if (configuration is null
            || (creation.Initializer is not null && configuration.Count == 0)
            || !TryReplaceCreation(new SyntaxEditor(root, document.Project.Solution.Workspace.Services), creation, SyntaxFactory.IdentifierName(FieldName), model, cancellationToken)
            || await IsConstructedInSourceAsync(document.Project.Solution, injection.TypeSymbol, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var named = configuration.Count > 0;
        if (named && !await HasCompositionRootAsync(document.Project, cancellationToken).ConfigureAwait(false))
        {
            if (creation.Initializer is not null)
            {
                return null;
            }

            named = false;
        }

        return new PreparedFactory(injection, configuration, configurationStatements, named);
    }

    /// <summary>What <see cref="PrepareAsync(Document, BaseObjectCreationExpressionSyntax, CancellationToken)"/> found: the edit's inputs.</summary>
    internal sealed record PreparedFactory(FactoryInjection Injection, List<(string Name, ExpressionSyntax Value)> Configuration, List<StatementSyntax> ConfigurationStatements, bool Named);

    /// <summary>
    /// Where the factory comes from in the class that creates the client: a primary constructor's parameter, or a
    /// field assigned in the constructor; <paramref name="Exists"/> when the class already has it.
    /// </summary>
    internal sealed record FactoryInjection(ClassDeclarationSyntax Type, INamedTypeSymbol TypeSymbol, bool Primary, bool Exists)
    {
        public string FactoryName => Primary ? ParameterName : FieldName;
    }

    /// <summary>
    /// Where the factory can be injected: a non-static class with at most one constructor, never constructed in
    /// source (a new parameter would break the call: <see cref="IsConstructedInSourceAsync"/>, searched last), that has
    /// no other member under the factory's name. Null where it cannot, or where the creation is static, in a field, or
    /// has arguments (a handler of its own).
    /// </summary>
    private static FactoryInjection? FindInjection(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var factoryType = model.Compilation.GetTypeByMetadataName("System.Net.Http.IHttpClientFactory");
        if (factoryType is null
            || creation.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } type
            || type.Modifiers.Any(SyntaxKind.StaticKeyword)
            || creation.ArgumentList is { Arguments.Count: > 0 }
            || model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol
            || IsInStaticOrFieldContext(creation)
            || typeSymbol.InstanceConstructors.Count(c => !c.IsImplicitlyDeclared) > 1
            || type.Members.OfType<ConstructorDeclarationSyntax>().Any(c => IsHalfTyped(c, type)))
        {
            return null;
        }

        // A primary constructor takes the factory as a parameter, used directly; otherwise a field holds it.
        var primary = type.ParameterList is not null;
        var exists = primary
            ? type.ParameterList!.Parameters.Any(p => p.Identifier.ValueText == ParameterName)
            : typeSymbol.GetMembers(FieldName).OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.Type, factoryType));
        if (!exists && (primary ? typeSymbol.GetMembers(ParameterName).Any() : !typeSymbol.GetMembers(FieldName).IsEmpty))
        {
            return null;
        }

        return new FactoryInjection(type, typeSymbol, primary, exists);
    }

    /// <summary>
    /// A constructor still being typed: no body yet, or a method without its return type (<c>async Task(</c>), which
    /// parses as a constructor of another name. The parameter and assignment have nowhere to go.
    /// </summary>
    private static bool IsHalfTyped(ConstructorDeclarationSyntax constructor, TypeDeclarationSyntax type) =>
        (constructor.Body is null && constructor.ExpressionBody is null) || constructor.Identifier.ValueText != type.Identifier.ValueText;

    /// <summary>
    /// The client from the factory where it was created, the factory injected, and the constant configuration moved to
    /// a named client registered in the composition root. Null when the creation cannot be replaced.
    /// </summary>
    private static async Task<Solution?> PlanAsync(Document document, SyntaxNode root, SemanticModel model, BaseObjectCreationExpressionSyntax creation, PreparedFactory prepared, CancellationToken cancellationToken)
    {
        var (injection, configuration, configurationStatements, named) = prepared;
        var clientName = injection.TypeSymbol.Name;
        if (named)
        {
            configuration = await ExpandedAsync(configuration, document, cancellationToken).ConfigureAwait(false);
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var createClient = SyntaxFactory.ParseExpression(named ? $"{injection.FactoryName}.CreateClient(\"{clientName}\")" : injection.FactoryName + ".CreateClient()");
        if (!TryReplaceCreation(editor, creation, createClient, model, cancellationToken))
        {
            return null;
        }

        if (named)
        {
            foreach (var statement in configurationStatements)
            {
                editor.ReplaceNode(statement, (current, _) => current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation));
            }
        }

        if (!injection.Exists && injection.Primary)
        {
            editor.ReplaceNode(injection.Type, (current, _) =>
            {
                var declaration = (ClassDeclarationSyntax)current;
                return declaration.WithParameterList(declaration.ParameterList!.AddParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier(ParameterName)).WithType(FactoryTypeSyntax())));
            });
        }
        else if (!injection.Exists)
        {
            InjectFactory(editor, injection.Type);
        }

        var newRoot = SyntaxEdits.RemoveMarkedStatements(editor.GetChangedRoot());
        var changed = await DocumentCleanup.CleanupAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
        return named
            ? await RegisterAsync(changed.Project.Solution, document.Project.Id, clientName, configuration, cancellationToken).ConfigureAwait(false)
            : changed.Project.Solution;
    }

    /// <summary>The values move to another file: their names spelled out, to be simplified there with the usings it needs.</summary>
    private static async Task<List<(string Name, ExpressionSyntax Value)>> ExpandedAsync(List<(string Name, ExpressionSyntax Value)> configuration, Document document, CancellationToken cancellationToken)
    {
        var expanded = new List<(string Name, ExpressionSyntax Value)>();
        foreach (var (name, original) in configuration)
        {
            var value = await Simplifier.ExpandAsync(original, document, cancellationToken: cancellationToken).ConfigureAwait(false);
            expanded.Add((name, value.WithoutTrivia().WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)));
        }

        return expanded;
    }

    private static TypeSyntax FactoryTypeSyntax() =>
        SyntaxFactory.ParseTypeName("global::System.Net.Http.IHttpClientFactory").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The creation's object initializer and the constant BaseAddress/Timeout statements right after it; null if not constant.</summary>
    private static List<(string Name, ExpressionSyntax Value)>? ConstantConfiguration(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken, out List<StatementSyntax> statements)
    {
        statements = new List<StatementSyntax>();
        var configuration = new List<(string Name, ExpressionSyntax Value)>();
        foreach (var expression in creation.Initializer?.Expressions ?? default)
        {
            if (expression is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "BaseAddress" or "Timeout" } name } assignment
                || !SharedClientPlan.IsConstant(assignment.Right, model, cancellationToken))
            {
                return null;
            }

            configuration.Add((name.Identifier.ValueText, assignment.Right));
        }

        if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            && declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration)
        {
            // The same scan as the shared field's, up to the first statement that is not a constant property.
            foreach (var setup in ClientSetup.Following(declaration, declarator.Identifier.ValueText, model, cancellationToken).TakeWhile(s => s.Kind == ClientSetupKind.ConstantProperty))
            {
                configuration.Add((setup.Property!, setup.Value));
                statements.Add(setup.Statement);
            }
        }

        return configuration;
    }

    private static async Task<bool> HasCompositionRootAsync(Project project, CancellationToken cancellationToken) =>
        await FindCompositionRootAsync(project, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>A statement calling <c>services.AddHttpClient(...)</c>, or the <c>var builder = WebApplication.CreateBuilder(...)</c> of a host.</summary>
    private static async Task<(DocumentId Document, TextSpan Statement, string Services)?> FindCompositionRootAsync(Project project, CancellationToken cancellationToken)
    {
        foreach (var document in project.Documents)
        {
            // Only a file whose text names one of the two can hold one (issue #16: every file of the project was walked
            // and bound); a Unicode escape in an identifier keeps the file in.
            var text = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
            if (text.IndexOf("AddHttpClient", StringComparison.Ordinal) < 0
                && text.IndexOf("CreateBuilder", StringComparison.Ordinal) < 0
                && text.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) < 0)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
    cancellationToken.ThrowIfCancellationRequested();
                if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddHttpClient" } addHttpClient
                    && invocation.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { } statement
                    && (model ??= await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false)) is not null
                    && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingNamespace: { } ns }
                    && ns.ToDisplayString() == "Microsoft.Extensions.DependencyInjection")
                {
                    return (document.Id, statement.Span, addHttpClient.Expression.WithoutTrivia().ToString());
                }

                if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateBuilder", Expression: IdentifierNameSyntax { Identifier.ValueText: "WebApplication" } }
                    && invocation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax builder }
                    && builder.FirstAncestorOrSelf<StatementSyntax>() is { } builderStatement)
                {
                    return (document.Id, builderStatement.Span, builder.Identifier.ValueText + ".Services");
                }
            }
        }

        return null;
    }

    /// <summary>Adds <c>services.AddHttpClient("Name", client => { ... });</c> after the composition root's statement, once.</summary>
    private static async Task<Solution> RegisterAsync(Solution solution, ProjectId projectId, string clientName, List<(string Name, ExpressionSyntax Value)> configuration, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId)!;
        if (await FindCompositionRootAsync(project, cancellationToken).ConfigureAwait(false) is not { } found
            || project.GetDocument(found.Document) is not { } document
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
        {
            return solution;
        }

        if (root.DescendantNodes().OfType<LiteralExpressionSyntax>().Any(l => l.Token.ValueText == clientName && l.Parent?.Parent?.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddHttpClient" } }))
        {
            return solution;
        }

        var registration = SyntaxFactory.ParseStatement($"{found.Services}.AddHttpClient(\"{clientName}\", client => {{ }});");
        var block = registration.DescendantNodes().OfType<BlockSyntax>().First();
        registration = registration.ReplaceNode(block, block.WithStatements(SyntaxFactory.List<StatementSyntax>(configuration.Select(c =>
            SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("client"), SyntaxFactory.IdentifierName(c.Name)),
                c.Value))))))
            .WithAdditionalAnnotations(Formatter.Annotation)
            .WithTrailingTrivia(SyntaxEdits.EndOfLine(root));
        var anchor = root.FindNode(found.Statement, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>()!;
        SyntaxNode newRoot = anchor.Parent is GlobalStatementSyntax global && root is CompilationUnitSyntax unit
            ? unit.InsertNodesAfter(global, new[] { SyntaxFactory.GlobalStatement(registration) })
            : root.InsertNodesAfter(anchor, new[] { registration });
        var cleaned = await DocumentCleanup.CleanupAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
        return cleaned.Project.Solution;
    }

    private static bool IsInStaticOrFieldContext(SyntaxNode node) =>
        node.Ancestors().Any(a => a switch
        {
            FieldDeclarationSyntax or PropertyDeclarationSyntax { ExpressionBody: null, Initializer: not null } => a.Span.Contains(node.Span) && a is FieldDeclarationSyntax,
            BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.StaticKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.StaticKeyword),
            AnonymousFunctionExpressionSyntax lambda => lambda.Modifiers.Any(SyntaxKind.StaticKeyword),
            _ => false,
        });

    /// <summary>Adding a constructor parameter would break <c>new T(...)</c> calls the solution has.</summary>
    private static async Task<bool> IsConstructedInSourceAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            var references = await ReferenceSearch.FindReferencesAsync(constructor, solution, cancellationToken).ConfigureAwait(false);
            if (references.SelectMany(r => r.Locations).Any())
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryReplaceCreation(SyntaxEditor editor, BaseObjectCreationExpressionSyntax creation, ExpressionSyntax createClient, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (creation.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } declarator }
                when model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local:
                var scope = declaration.Parent?.Parent;
                if (scope is null || Escapes(scope, local, model, cancellationToken, out var disposals))
                {
                    return false;
                }

                editor.ReplaceNode(creation, createClient.WithTriviaFrom(creation));
                foreach (var dispose in disposals)
                {
                    editor.ReplaceNode(dispose, (current, _) => current.WithAdditionalAnnotations(SyntaxEdits.RemoveAnnotation));
                }

                switch (declaration.Parent)
                {
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } usingDeclaration:
                        // Disposing a client from the factory is harmless but pointless: the lifetime goes, as with the shared field.
                        editor.ReplaceNode(usingDeclaration, (current, _) =>
                        {
                            var statement = (LocalDeclarationStatementSyntax)current;
                            return statement.WithUsingKeyword(default).WithLeadingTrivia(statement.UsingKeyword.LeadingTrivia);
                        });
                        break;
                    case UsingStatementSyntax usingStatement when usingStatement.Parent is BlockSyntax:
                        editor.ReplaceNode(usingStatement, (current, _) =>
                        {
                            var statement = (UsingStatementSyntax)current;
                            var clientDeclaration = SyntaxFactory.LocalDeclarationStatement(statement.Declaration!.WithoutTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
                            var body = statement.Statement is BlockSyntax block ? block.Statements : SyntaxFactory.SingletonList(statement.Statement);
                            return SyntaxFactory.Block(body.Insert(0, clientDeclaration)).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation);
                        });
                        break;
                    case LocalDeclarationStatementSyntax:
                        break;
                    default:
                        return false;
                }

                return true;

            case MemberAccessExpressionSyntax memberAccess when memberAccess.Expression == creation:
                editor.ReplaceNode(creation, createClient.WithTriviaFrom(creation));
                return true;

            default:
                return false;
        }
    }

    /// <summary>Whether the client leaves the method (returned, stored, passed on); its Dispose() calls, to remove.</summary>
    private static bool Escapes(SyntaxNode scope, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken, out List<StatementSyntax> disposals)
    {
        disposals = new List<StatementSyntax>();
        foreach (var reference in scope.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == local.Name))
        {
    cancellationToken.ThrowIfCancellationRequested();
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, local))
            {
                continue;
            }

            if (reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax dispose } })
            {
                disposals.Add(dispose);
                continue;
            }

            if (reference.Parent is not MemberAccessExpressionSyntax member || member.Expression != reference)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A readonly field, and a constructor parameter assigned to it (a new constructor where there is none).</summary>
    private static void InjectFactory(SyntaxEditor editor, ClassDeclarationSyntax type)
    {
        var factoryType = FactoryTypeSyntax();
        var field = SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(factoryType, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(FieldName))))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(ParameterName)).WithType(factoryType);
        var assignment = SyntaxFactory.ParseStatement($"{FieldName} = {ParameterName};").WithTrailingTrivia(SyntaxEdits.EndOfLine(editor.OriginalRoot)).WithAdditionalAnnotations(Formatter.Annotation);
        var constructor = type.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));

        var firstNonField = type.Members.FirstOrDefault(m => m is not FieldDeclarationSyntax);
        if (firstNonField is not null)
        {
            editor.InsertBefore(firstNonField, field);
        }
        else
        {
            editor.AddMember(type, field);
        }

        if (constructor is null)
        {
            var newConstructor = SyntaxFactory.ConstructorDeclaration(type.Identifier.WithoutTrivia())
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(parameter)))
                .WithBody(SyntaxFactory.Block(assignment))
                .WithAdditionalAnnotations(Formatter.Annotation);
            var firstMethod = type.Members.FirstOrDefault(m => m is not (FieldDeclarationSyntax or ConstructorDeclarationSyntax));
            if (firstMethod is not null)
            {
                editor.InsertBefore(firstMethod, newConstructor);
            }
            else
            {
                editor.AddMember(type, newConstructor);
            }

            return;
        }

        editor.ReplaceNode(constructor, (current, _) =>
        {
            var ctor = (ConstructorDeclarationSyntax)current;
            ctor = ctor.WithParameterList(ctor.ParameterList.AddParameters(parameter));
            if (ctor.Body is { } body)
            {
                return ctor.WithBody(body.WithStatements(body.Statements.Insert(0, assignment)));
            }

            // An expression-bodied constructor becomes a block with both statements.
            var expression = SyntaxFactory.ExpressionStatement(ctor.ExpressionBody!.Expression);
            return ctor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(SyntaxFactory.Block(assignment, expression)).WithAdditionalAnnotations(Formatter.Annotation);
        });
    }
}

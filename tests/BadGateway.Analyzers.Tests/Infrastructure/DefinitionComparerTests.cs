using System.Linq;
using System.Threading.Tasks;
using BadGateway.Analyzers.Infrastructure;
using BadGateway.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BadGateway.Analyzers.Tests.Infrastructure;

/// <summary>
/// The caches keyed by original definitions compare them by identity: that holds only if a compilation hands out one
/// object per definition however it is reached (through constructed types, nullable annotations, other call sites).
/// </summary>
public class DefinitionComparerTests
{
    [Fact]
    public async Task OneDefinition_ReachedThroughEveryKindOfUse_IsOneObject_AndDifferentDefinitionsAreNotEqual()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            #nullable enable
            using System.Collections.Generic;
            using System.Net.Http;

            class Repo<T> { public void Save(T item) { } }

            class C
            {
                HttpClientHandler? _maybe;
                HttpClientHandler _sure = new HttpClientHandler();

                void M(List<int> ints, List<string> strings, Repo<int> a, Repo<string> b)
                {
                    ints.Add(1);
                    strings.Add("x");
                    a.Save(1);
                    b.Save("x");
                    _ = _maybe;
                    _ = _sure;
                }
            }
            """);
        var compilation = CSharpCompilation.Create("Test", new[] { tree }, await AnalyzerHarness.ReferencesAsync());
        var model = compilation.GetSemanticModel(tree);
        var calls = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(call => (IMethodSymbol)model.GetSymbolInfo(call).Symbol!)
            .ToList();
        var methods = new DefinitionComparer<IMethodSymbol>();

        Assert.False(SymbolEqualityComparer.Default.Equals(calls[0], calls[1]));
        Assert.True(methods.Equals(calls[0].OriginalDefinition, calls[1].OriginalDefinition));
        Assert.Equal(methods.GetHashCode(calls[0].OriginalDefinition), methods.GetHashCode(calls[1].OriginalDefinition));
        Assert.True(methods.Equals(calls[2].OriginalDefinition, calls[3].OriginalDefinition));
        Assert.False(methods.Equals(calls[0].OriginalDefinition, calls[2].OriginalDefinition));

        var fields = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .Select(declarator => ((IFieldSymbol)model.GetDeclaredSymbol(declarator)!).Type)
            .ToList();
        var types = new DefinitionComparer<ITypeSymbol>();
        Assert.Equal(NullableAnnotation.Annotated, fields[0].NullableAnnotation);
        Assert.True(types.Equals(fields[0].OriginalDefinition, fields[1].OriginalDefinition));
        Assert.True(types.Equals(fields[0].OriginalDefinition, compilation.GetTypeByMetadataName("System.Net.Http.HttpClientHandler")));
    }
}

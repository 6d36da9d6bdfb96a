using System;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace BadGateway.Analyzers.Tests.Conventions;

public class CodeFixConventionTests
{
    public static TheoryData<string> CodeFixTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in RuleCatalog.CodeFixTypes)
        {
            data.Add(type.Name);
        }

        // Keeps the theory from having no data before the first fix lands; the sentinel checks the assembly loads.
        if (RuleCatalog.CodeFixTypes.IsEmpty)
        {
            data.Add("(none)");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodeFixTypeNames))]
    public void CodeFix_IsSharedSealedAndExportedUnderItsTypeName(string typeName)
    {
        if (typeName == "(none)")
        {
            Assert.Empty(RuleCatalog.CodeFixTypes);
            Assert.Equal("BadGateway.Analyzers.CodeFixes", RuleCatalog.CodeFixAssembly.GetName().Name);
            return;
        }

        var type = RuleCatalog.CodeFixTypes.Single(t => t.Name == typeName);
        Assert.True(type.IsSealed, $"{type.Name} is not sealed.");
        Assert.True(type.GetCustomAttributes(typeof(SharedAttribute), inherit: false).Length == 1, $"{type.Name} is not [Shared].");
        var export = type.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), inherit: false)
            .Cast<ExportCodeFixProviderAttribute>()
            .SingleOrDefault();
        Assert.True(export is not null, $"{type.Name} has no [ExportCodeFixProvider].");
        Assert.Equal(type.Name, export!.Name);
        Assert.Contains(LanguageNames.CSharp, export.Languages);

        var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
        Assert.NotEmpty(provider.FixableDiagnosticIds);
        Assert.All(provider.FixableDiagnosticIds, id => Assert.Contains(RuleCatalog.Descriptors, d => d.Id == id));
        Assert.All(provider.FixableDiagnosticIds, id => Assert.StartsWith(id, type.Name, StringComparison.Ordinal));
        Assert.NotNull(provider.GetFixAllProvider());
    }
}

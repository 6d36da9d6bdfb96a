using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace BadGateway.Analyzers.Tests.Conventions;

/// <summary>Analyzers live in the IDE for hours: no static mutable state, so nothing outlives a compilation.</summary>
public class StateConventionTests
{
    [Fact]
    public void AnalyzerAssembly_HasNoStaticMutableState()
    {
        var offenders = RuleCatalog.AnalyzerAssembly.GetTypes()
            .Where(t => !t.Namespace?.StartsWith("System", StringComparison.Ordinal) ?? true)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsLiteral && !f.Name.Contains('<', StringComparison.Ordinal))
            .Where(f => !f.IsInitOnly || !IsImmutable(f.FieldType))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name} ({f.FieldType.Name})")
            .ToList();
        Assert.True(offenders.Count == 0, "Static mutable state: " + string.Join(", ", offenders));
    }

    private static bool IsImmutable(Type type) =>
        type.IsPrimitive
        || type.IsEnum
        || type == typeof(string)
        || type == typeof(DiagnosticDescriptor)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableDictionary<,>))
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableHashSet<>))
        || type.IsArray && type.GetElementType() == typeof(char);
}

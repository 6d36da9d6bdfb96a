using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Xml;
using System.Xml.Linq;
using BadGateway.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace BadGateway.Analyzers.Rules;

/// <summary>BG0302: ServicePointManager.DefaultConnectionLimit too low, never set on .NET Framework, or set where it has no effect.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BG0302DefaultConnectionLimitAnalyzer : DiagnosticAnalyzer
{
    internal const string PropertyName = "DefaultConnectionLimit";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.BG0302DefaultConnectionLimitTooLow,
        Descriptors.BG0302DefaultConnectionLimitNotSet,
        Descriptors.BG0302ConfigConnectionLimitTooLow,
        Descriptors.BG0302DefaultConnectionLimitHasNoEffect);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(HandWrittenCode.AnalysisFlags);
        context.RegisterCompilationStartAction(start =>
        {
            // No symbol is touched here (see KnownTypes): whether ServicePointManager exists and whether the target is
            // .NET Framework is settled at the first callback that needs it, so every action is registered and asks.
            new CompilationAnalysis(KnownTypes.Create(start.Compilation)).Register(start);
        });
    }

    private static bool IsDefaultConnectionLimit(IOperation target, INamedTypeSymbol servicePointManager) =>
        target is IPropertyReferenceOperation { Property.Name: PropertyName } property
        && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, servicePointManager);

    /// <summary>Off .NET Framework: the assignment (already known to set ServicePointManager.DefaultConnectionLimit) has no effect; the fix decides how to remove it.</summary>
    private static void ReportNoEffect(OperationAnalysisContext context, ISimpleAssignmentOperation assignment) =>
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.BG0302DefaultConnectionLimitHasNoEffect,
            assignment.Syntax.GetLocation(),
            FixKinds.Properties(FixKind.RemoveAssignment),
            DisplayText.Of(assignment.Value.Syntax)));

    private sealed class CompilationAnalysis
    {
        private readonly KnownTypes _types;
        private readonly object _gate = new();

        // Whether ServicePointManager exists and the target is .NET Framework: 0 until first asked, then 1 (yes) or 2 (no).
        private int _isFramework;
        private int _assigned;
        private Location? _firstRequest;
        private string? _firstRequestText;

        public CompilationAnalysis(KnownTypes types)
        {
            _types = types;
        }

        /// <summary>ServicePointManager exists and the target is .NET Framework: the creations, calls and the end of the compilation matter only there.</summary>
        private bool IsFramework
        {
            get
            {
                var value = Volatile.Read(ref _isFramework);
                if (value == 0)
                {
                    value = _types.ServicePointManager is not null && _types.IsNetFramework ? 1 : 2;
                    Volatile.Write(ref _isFramework, value);
                }

                return value == 1;
            }
        }

        public void Register(CompilationStartAnalysisContext start)
        {
            start.RegisterHandWrittenOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
            if (ProjectKind.IsExecutable(start.Compilation.Options))
            {
                // The requests matter only to the "never set" report, which only an app gets (see ReportUnset): a library's
                // creations and calls are not even visited (the options are read, no symbol is touched).
                start.RegisterHandWrittenOperationAction(AnalyzeCreation, OperationKind.ObjectCreation);
                start.RegisterHandWrittenOperationAction(AnalyzeInvocation, OperationKind.Invocation);
            }

            start.RegisterCompilationEndAction(ReportUnset);
        }

        private void AnalyzeAssignment(OperationAnalysisContext context)
        {
            // Every assignment comes here: the property's name settles almost all of them before any symbol is resolved.
            var assignment = (IAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property.Name: PropertyName }
                || _types.ServicePointManager is not { } servicePointManager
                || !IsDefaultConnectionLimit(assignment.Target, servicePointManager))
            {
                return;
            }

            if (!IsFramework)
            {
                if (assignment is ISimpleAssignmentOperation simple)
                {
                    ReportNoEffect(context, simple);
                }

                return;
            }

            Interlocked.Exchange(ref _assigned, 1);
            if (assignment is ISimpleAssignmentOperation)
            {
                LowConstant.Report(context, Descriptors.BG0302DefaultConnectionLimitTooLow, assignment, RuleOptions.BG0302MinConnectionLimit, RuleOptions.DefaultMinConnectionLimit, constantIsFixed: true);
            }
        }

        private void AnalyzeCreation(OperationAnalysisContext context)
        {
            if (!IsFramework)
            {
                return;
            }

            // Every creation comes here (on NBitcoin, most are of structs and of the project's own classes): one walk up
            // the base classes, where a name settles each step before any symbol is compared (issue #16).
            if (context.Operation.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } type)
            {
                return;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                var known = current.Name switch
                {
                    "HttpClient" => _types.HttpClient,
                    "HttpClientHandler" => _types.HttpClientHandler,
                    "WebClient" => _types.WebClient,
                    "HttpWebRequest" => _types.HttpWebRequest,
                    _ => null,
                };
                if (known is not null && SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, known))
                {
                    RecordRequest(context.Operation);
                    return;
                }
            }
        }

        private void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var method = ((IInvocationOperation)context.Operation).TargetMethod;
            if (!method.IsStatic || !IsFramework)
            {
                return;
            }

            if (method.Name.StartsWith("Create", StringComparison.Ordinal)
                && method.ContainingType.Name is "WebRequest" or "HttpWebRequest"
                && (SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.WebRequest)
                    || SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.HttpWebRequest)))
            {
                RecordRequest(context.Operation);
            }
        }

        /// <summary>Keeps the first place (by file path, then position) that makes a request, so the report is deterministic.</summary>
        private void RecordRequest(IOperation operation)
        {
            var location = operation.Syntax.GetLocation();
            lock (_gate)
            {
                if (_firstRequest is null || Compare(location, _firstRequest) < 0)
                {
                    _firstRequest = location;
                    _firstRequestText = DisplayText.Of(operation.Syntax);
                }
            }
        }

        private static int Compare(Location left, Location right)
        {
            var byPath = string.CompareOrdinal(left.SourceTree?.FilePath, right.SourceTree?.FilePath);
            return byPath != 0 ? byPath : left.SourceSpan.Start.CompareTo(right.SourceSpan.Start);
        }

        private void ReportUnset(CompilationAnalysisContext context)
        {
            if (!IsFramework || CheckConfigFiles(context))
            {
                return;
            }

            // A library's limit is the host app's choice: the process that loads it sets the limit (or its config file does).
            if (Volatile.Read(ref _assigned) != 0
                || _firstRequest is null
                || !ProjectKind.IsExecutable(context.Compilation.Options)
                || context.Compilation.ReferencedAssemblyNames.Any(a => a.Name == "System.Web"))
            {
                return;
            }

            var limit = RuleOptions.ConnectionLimit(context.Options.AnalyzerConfigOptionsProvider, _firstRequest.SourceTree!);
            var entryPoint = FindEntryPoint(context.Compilation, context.CancellationToken);
            var properties = ImmutableDictionary<string, string?>.Empty;
            var additionalLocations = Enumerable.Empty<Location>();
            string advice;
            if (entryPoint is not null)
            {
                properties = FixKinds.Properties(FixKind.InsertInMain);
                additionalLocations = new[] { entryPoint.Value.Location };
                advice = $"set it to {limit} first thing in '{entryPoint.Value.Name}'";
            }
            else
            {
                advice = $"set it (for example to {limit}) once at startup, before the first request";
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.BG0302DefaultConnectionLimitNotSet,
                _firstRequest,
                additionalLocations,
                properties,
                _firstRequestText,
                advice));
        }

        /// <summary>
        /// Reads <c>&lt;connectionManagement&gt;</c> from an app.config or web.config given as an AdditionalFile;
        /// returns whether one sets the limit for every address (then the code need not).
        /// </summary>
        private static bool CheckConfigFiles(CompilationAnalysisContext context)
        {
            var found = false;
            foreach (var file in context.Options.AdditionalFiles)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(file.Path);
                if (!name.Equals("app.config", StringComparison.OrdinalIgnoreCase)
                    && !name.Equals("web.config", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var text = file.GetText(context.CancellationToken);
                if (text is null || !TryReadMaxConnection(text.ToString(), out var maxConnection, out var line, out var column))
                {
                    continue;
                }

                found = true;
                var minimum = RuleOptions.GetPositiveInt(
                    context.Options.AnalyzerConfigOptionsProvider.GetOptions(file),
                    RuleOptions.BG0302MinConnectionLimit,
                    RuleOptions.DefaultMinConnectionLimit);
                if (maxConnection < minimum)
                {
                    var start = text.Lines[line].Start + column;
                    var span = new TextSpan(start, Math.Min("maxconnection".Length, text.Length - start));
                    var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.BG0302ConfigConnectionLimitTooLow,
                        location,
                        name,
                        maxConnection,
                        minimum));
                }
            }

            return found;
        }

        /// <summary>Finds <c>&lt;add address="*" maxconnection="N"/&gt;</c>; line and column are 0-based.</summary>
        internal static bool TryReadMaxConnection(string xml, out int maxConnection, out int line, out int column)
        {
            maxConnection = 0;
            line = column = 0;
            XDocument document;
            try
            {
                document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
            }
            catch (XmlException)
            {
                return false;
            }

            var add = document.Root?
                .Elements("system.net")
                .Elements("connectionManagement")
                .Elements("add")
                .LastOrDefault(e => (string?)e.Attribute("address") == "*");
            var attribute = add?.Attribute("maxconnection");
            if (attribute is null || !int.TryParse(attribute.Value, out maxConnection))
            {
                return false;
            }

            var info = (IXmlLineInfo)attribute;
            line = Math.Max(0, info.LineNumber - 1);
            column = Math.Max(0, info.LinePosition - 1);
            return true;
        }

        /// <summary>The program's <c>Main</c> (or top-level statements) declared in source with a block body, if any.</summary>
        private static (Location Location, string Name)? FindEntryPoint(Compilation compilation, CancellationToken cancellationToken)
        {
            var entryPoint = compilation.GetEntryPoint(cancellationToken)
                ?? compilation.GetSymbolsWithName("Main", SymbolFilter.Member, cancellationToken)
                    .OfType<IMethodSymbol>()
                    .FirstOrDefault(m => m.IsStatic && m.MethodKind == MethodKind.Ordinary);
            var reference = entryPoint?.DeclaringSyntaxReferences.FirstOrDefault();
            if (reference is null)
            {
                return null;
            }

            var syntax = reference.GetSyntax(cancellationToken);
            return syntax switch
            {
                MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null } => (((MethodDeclarationSyntax)syntax).Identifier.GetLocation(), ((MethodDeclarationSyntax)syntax).Identifier.ValueText),
                CompilationUnitSyntax unit when unit.Members.OfType<GlobalStatementSyntax>().FirstOrDefault() is { } first =>
                    (first.GetLocation(), "the top-level statements"),
                _ => null,
            };
        }
    }
}

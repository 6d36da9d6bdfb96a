namespace BadGateway.Analyzers.Infrastructure;

/// <summary>The metadata names of the types <see cref="KnownTypes"/> resolves, one constant per type (as dotnet/roslyn-analyzers' WellKnownTypeNames).</summary>
internal static class WellKnownTypeNames
{
    public const string HttpClient = "System.Net.Http.HttpClient";

    public const string HttpMessageHandler = "System.Net.Http.HttpMessageHandler";

    public const string HttpMessageInvoker = "System.Net.Http.HttpMessageInvoker";

    public const string DelegatingHandler = "System.Net.Http.DelegatingHandler";

    public const string HttpClientHandler = "System.Net.Http.HttpClientHandler";

    public const string SocketsHttpHandler = "System.Net.Http.SocketsHttpHandler";

    public const string WinHttpHandler = "System.Net.Http.WinHttpHandler";

    public const string ServicePointManager = "System.Net.ServicePointManager";

    public const string WebRequest = "System.Net.WebRequest";

    public const string HttpWebRequest = "System.Net.HttpWebRequest";

    public const string WebClient = "System.Net.WebClient";

    public const string Task = "System.Threading.Tasks.Task";

    public const string TaskOfT = "System.Threading.Tasks.Task`1";

    public const string ValueTask = "System.Threading.Tasks.ValueTask";

    public const string ValueTaskOfT = "System.Threading.Tasks.ValueTask`1";

    public const string TaskStatus = "System.Threading.Tasks.TaskStatus";

    public const string LambdaExpression = "System.Linq.Expressions.LambdaExpression";

    public const string CancellationToken = "System.Threading.CancellationToken";

    public const string Thread = "System.Threading.Thread";

    public const string MemoryStream = "System.IO.MemoryStream";

    public const string ObsoleteAttribute = "System.ObsoleteAttribute";

    public const string IAsyncDisposable = "System.IAsyncDisposable";

    public const string SpanOfT = "System.Span`1";

    public const string ReadOnlySpanOfT = "System.ReadOnlySpan`1";

    public const string MemoryOfT = "System.Memory`1";

    public const string ReadOnlyMemoryOfT = "System.ReadOnlyMemory`1";

    public const string CancellationTokenSource = "System.Threading.CancellationTokenSource";

    public const string Stream = "System.IO.Stream";

    public const string TextReader = "System.IO.TextReader";

    public const string TextWriter = "System.IO.TextWriter";

    public const string StringReader = "System.IO.StringReader";

    public const string StringWriter = "System.IO.StringWriter";

    public const string BinaryReader = "System.IO.BinaryReader";

    public const string BinaryWriter = "System.IO.BinaryWriter";

    public const string DbContext = "Microsoft.EntityFrameworkCore.DbContext";

    public const string DbSetOfT = "Microsoft.EntityFrameworkCore.DbSet`1";

    public const string DbDataReader = "System.Data.Common.DbDataReader";

    public const string LazyOfT = "System.Lazy`1";
}

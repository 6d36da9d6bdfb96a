// Shapes seen in real projects that the fixes must survive (issue #14): conditional access, ?? and ??=, patterns around
// task results, expression bodies, nested lambdas, using var, local functions, generic factories and async twins.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Shapes
{
    public sealed class RemoteConnection
    {
        public int Id { get; init; }

        public string Name { get; init; } = "";
    }

    public interface IConnectionFactory
    {
        RemoteConnection? Cached { get; }

        Task<RemoteConnection> ConnectAsync();
    }

    /// <summary>In the style of Microsoft.Extensions.DependencyInjection: T is inferred from the factory's return type.</summary>
    public sealed class ServiceRegistry
    {
        private readonly List<Func<IServiceProvider, object>> _factories = new();

        public int Count => _factories.Count;

        public ServiceRegistry AddSingleton<T>(Func<IServiceProvider, T> factory)
            where T : class
        {
            _factories.Add(factory);
            return this;
        }
    }

    public sealed class OrderEvent
    {
        public int Id { get; init; }
    }

    public interface IEventHandler
    {
        void Handle(OrderEvent orderEvent);

        Task HandleAsync(OrderEvent orderEvent);
    }

    /// <summary>A chainable reader with async siblings, as client libraries have.</summary>
    public sealed class Channel
    {
        public Channel Next() => this;

        public Task<Channel> NextAsync() => Task.FromResult(this);

        public string Read() => "line";

        public Task<string> ReadAsync() => Task.FromResult("line");

        public void Flush()
        {
        }

        public Task FlushAsync() => Task.CompletedTask;
    }

    internal sealed class ConditionalAccess
    {
        private readonly Channel? _channel;
        private Stream? _stream;

        public ConditionalAccess(Channel? channel, Stream? stream)
        {
            _channel = channel;
            _stream = stream;
        }

        // s?.Dispose() as a statement in async code (elastic-transport-net).
        public async Task CloseAsync()
        {
            await Task.Yield();
            _stream?.Dispose();
            _stream = null;
        }

        // a?.B().C(): the conditional access covers the whole chain.
        public async Task FlushNextAsync()
        {
            await Task.Yield();
            _channel?.Next().Flush();
        }

        // x = a?.B() ?? y
        public async Task<string> ReadOrDefaultAsync(string fallback)
        {
            await Task.Yield();
            var text = _channel?.Read() ?? fallback;
            return text.Trim();
        }

        // a?.B() as an argument.
        public async Task<int> LengthAsync()
        {
            await Task.Yield();
            return Measure(_channel?.Read());
        }

        private static int Measure(string? text) => text?.Length ?? 0;
    }

    internal sealed class ConditionalWaits
    {
        private readonly IConnectionFactory? _factory;
        private readonly Task? _pending;
        private readonly Task<int>? _count;

        public ConditionalWaits(IConnectionFactory? factory, Task? pending, Task<int>? count)
        {
            _factory = factory;
            _pending = pending;
            _count = count;
        }

        // A wait at the end of a conditional access: awaiting a?.B() would await null.
        public RemoteConnection? Connect() => _factory?.ConnectAsync().Result;

        public string? NameOrNull()
        {
            return _factory?.ConnectAsync().GetAwaiter().GetResult().Name;
        }

        // .Wait() on a nullable task, in async code.
        public async Task SettleAsync()
        {
            await Task.Yield();
            _pending?.Wait();
        }

        // t?.Result as an argument and with ??.
        public int CountOrZero() => Math.Max(_count?.Result ?? 0, 0);
    }

    internal sealed class Coalescing
    {
        private readonly IConnectionFactory _factory;
        private RemoteConnection? _connection;

        public Coalescing(IConnectionFactory factory) => _factory = factory;

        // ??= with a blocking wait on the right.
        public RemoteConnection Connection()
        {
            _connection ??= _factory.ConnectAsync().Result;
            return _connection;
        }

        // ?? with a blocking wait on the right.
        public string Name() => (_factory.Cached ?? _factory.ConnectAsync().GetAwaiter().GetResult()).Name;

        // ?? in async code with a sync call on the left.
        public async Task<string> FirstLineAsync(TextReader reader)
        {
            await Task.Yield();
            var line = reader.ReadLine() ?? string.Empty;
            return line;
        }
    }

    internal sealed class Patterns
    {
        // is { } r around a task result.
        public static int IdOf(Task<RemoteConnection?> pending)
        {
            if (pending.Result is { } connection)
            {
                return connection.Id;
            }

            return -1;
        }

        // A switch expression on a task result.
        public static string Describe(Task<int> count) => count.Result switch
        {
            0 => "none",
            1 => "one",
            _ => "many",
        };

        // A switch statement on a task result, in a method that also returns early.
        public static string Kind(Task<string> kind)
        {
            switch (kind.Result)
            {
                case "a":
                    return "alpha";
                case { Length: > 3 } longer:
                    return longer;
                default:
                    return "other";
            }
        }

        // A property pattern on a sync call in async code.
        public static async Task<bool> HasLineAsync(Channel channel)
        {
            await Task.Yield();
            return channel.Read() is { Length: > 0 };
        }
    }

    internal sealed class ExpressionBodies
    {
        private readonly Task<List<int>> _load;

        public ExpressionBodies(Task<List<int>> load) => _load = load;

        // A property reading a task result: a property cannot become async.
        public int Count => _load.Result.Count;

        public int First
        {
            get => _load.Result.FirstOrDefault();
        }

        // An expression-bodied method reading a task result.
        public int Sum() => _load.Result.Sum();

        // Task-returning, not async, with sync IO in the expression body.
        public Task<string> ReadAllAsync(string path) => Task.FromResult(File.ReadAllText(path));

        // Async and expression-bodied, with a sync call inside.
        public async Task<int> LengthAsync(string path) => (await Task.FromResult(path)).Length + File.ReadAllText(path).Length;
    }

    internal static class NestedLambdas
    {
        // An async lambda inside a sync lambda.
        public static Task[] StartAll(IEnumerable<string> paths) =>
            paths.Select(path => Task.Run(async () =>
            {
                Thread.Sleep(10);
                await Task.Yield();
                return File.ReadAllText(path).Length;
            })).ToArray<Task>();

        // A sync lambda inside an async lambda: a wait in the inner lambda cannot be awaited in place.
        public static Func<Task<int>> Summer(IReadOnlyList<Task<int>> parts) => async () =>
        {
            await Task.WhenAll(parts).ConfigureAwait(false);
            return parts.Select(p => p.Result).Sum();
        };

        // A sync lambda inside an async lambda, the task not awaited before.
        public static Func<Task<int>> Counter(IReadOnlyList<Task<string>> names) => async () =>
        {
            await Task.Yield();
            return names.Count(n => n.Result.Length > 0);
        };

        // Task.Run over a blocking wait.
        public static Task<int> Twice(Task<int> first) => Task.Run(() => first.Result * 2);

        // A blocking wait in a lambda handed to a generic method: T would become Task<T> if the lambda turned async.
        public static IReadOnlyList<int> Lengths(IEnumerable<Task<string>> texts) =>
            texts.Select(t => t.Result.Length).ToList();
    }

    internal sealed class LambdaShapes
    {
        private readonly Func<string, Task<string>> _fetch = async url =>
        {
            // A client per call inside an async lambda in a field initializer.
            using var client = new HttpClient();
            return await client.GetStringAsync(url).ConfigureAwait(false);
        };

        public event EventHandler<string>? Saved;

        public Task<string> Fetch(string url) => _fetch(url);

        // An async lambda as an event handler, with a sync call and a wait in a catch block.
        public void Subscribe(Stream log, Task<int> pending)
        {
            Saved += async (sender, path) =>
            {
                try
                {
                    await Task.Yield();
                    log.Flush();
                }
                catch (IOException)
                {
                    Thread.Sleep(pending.Result);
                }
            };
        }

        // An async local function inside a sync lambda.
        public static IEnumerable<Task> Each(IEnumerable<string> paths) => paths.Select(path =>
        {
            return Length();

            async Task Length()
            {
                await Task.Yield();
                _ = File.ReadAllBytes(path).Length;
            }
        });

        // A sync call in an async lambda passed to a generic method (Task.Run<TResult>).
        public static Task<int> Measure(string path) => Task.Run(async () =>
        {
            await Task.Yield();
            return File.ReadAllLines(path).Length;
        });

        // A client disposed through conditional access.
        public static async Task<int> ProbeAsync(Uri uri, bool keep)
        {
            HttpClient? client = keep ? null : new HttpClient();
            var length = client is null ? 0 : (await client.GetByteArrayAsync(uri).ConfigureAwait(false)).Length;
            client?.Dispose();
            return length;
        }
    }

    internal sealed class UsingVar
    {
        public static async Task<int> CountBytesAsync(string path)
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[4096];
            var total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }

            await Task.Yield();
            return total;
        }

        public static async Task WriteAsync(string path, IEnumerable<string> lines)
        {
            using var writer = new StreamWriter(path);
            foreach (var line in lines)
            {
                await writer.WriteLineAsync(line).ConfigureAwait(false);
            }

            writer.Flush();
        }

        public static async Task<string> ReadAsync(string path)
        {
            await Task.Yield();
            using var reader = new StreamReader(path, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }

    internal sealed class LocalFunctions
    {
        public static async Task<int> TotalAsync(Task<int> first, string path)
        {
            await Task.Yield();
            return Sync() + await ReadLengthAsync();

            // A sync local function with a blocking wait, inside an async method.
            int Sync() => first.Result;

            // An async local function with a sync call.
            async Task<int> ReadLengthAsync()
            {
                await Task.Yield();
                return File.ReadAllText(path).Length;
            }
        }

        public static int Outer(Task<int> pending)
        {
            return Inner() + 1;

            // A local function blocking, in a sync method.
            int Inner() => pending.GetAwaiter().GetResult();
        }
    }

    internal static class Startup
    {
        // A generic factory: turning the lambda async would register Task<RemoteConnection> instead of RemoteConnection.
        public static ServiceRegistry Configure(ServiceRegistry services, IConnectionFactory factory) =>
            services.AddSingleton(sp => factory.ConnectAsync().Result);

        public static void ConfigureBlock(ServiceRegistry services, IConnectionFactory factory)
        {
            services.AddSingleton(sp =>
            {
                var connection = factory.ConnectAsync().Result;
                return connection;
            });
        }
    }

    internal sealed class Twins : IEventHandler
    {
        private readonly IEventHandler _inner;
        private int _handled;

        public Twins(IEventHandler inner) => _inner = inner;

        // Two different calls: the sync one must not become a second HandleAsync.
        public async Task ForwardBothAsync(OrderEvent orderEvent)
        {
            _inner.Handle(orderEvent);
            await _inner.HandleAsync(orderEvent).ConfigureAwait(false);
        }

        public void Handle(OrderEvent orderEvent) => _handled += orderEvent.Id;

        // The sync call inside a lambda within its own async twin: HandleAsync here would call itself for ever.
        public Task HandleAsync(OrderEvent orderEvent) =>
            Retry(async () =>
            {
                await Task.Yield();
                Handle(orderEvent);
            });

        public async Task SaveAsync(OrderEvent orderEvent)
        {
            await Task.Run(async () =>
            {
                Save(orderEvent);
                await Task.Yield();
            }).ConfigureAwait(false);
        }

        public void Save(OrderEvent orderEvent) => _handled -= orderEvent.Id;

        public int Handled => _handled;

        private static async Task Retry(Func<Task> action)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    await action().ConfigureAwait(false);
                    return;
                }
                catch (IOException) when (attempt < 2)
                {
                }
            }
        }
    }
}

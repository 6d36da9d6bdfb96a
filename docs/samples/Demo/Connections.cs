using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Demo;

/// <summary>BG0301 and BG0302: connection limits nobody chose.</summary>
public static class Connections
{
    // BG0301: a shared client over an implicit handler with the framework's default limit.
    public static readonly HttpClient Shared = new HttpClient();

    // BG0301: a handler that never gets MaxConnectionsPerServer.
    public static readonly HttpClient Catalogue = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    // BG0301: a limit that queues every request behind two connections.
    public static readonly HttpClient Stock = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2 });

    public static void Configure()
    {
        // BG0302: on .NET 8 this does nothing for HttpClient.
        ServicePointManager.DefaultConnectionLimit = 100;
    }
}

/// <summary>BG0102: synchronous file and sleep calls inside async code.</summary>
public static class Reports
{
    public static async Task<int> WriteAsync(string path, string text)
    {
        System.IO.File.WriteAllText(path, text);
        System.Threading.Thread.Sleep(10);
        await Task.Yield();
        return text.Length;
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>The built app as a separate OS process (for the CLI and for killing it mid-stream).</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SmsPortal.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in TestHostDefaults.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Runs an admin CLI command to completion.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(environment, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A CLI start (JIT, migrations check) can take a minute on a machine shared with other builds.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }

    public static async Task<JsonElement> RunCliJsonAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, output, error) = await RunCliAsync(environment, arguments);
        Assert.True(exitCode == 0, $"CLI {string.Join(' ', arguments)} failed: {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    /// <summary>Starts the web app on <paramref name="port"/> and waits until it answers.</summary>
    /// <param name="urlVariable">The setting that tells it where to listen (<c>Urls</c>, or a hosting variable such as <c>ASPNETCORE_URLS</c>).</param>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> environment, int port, string urlVariable = "Urls")
    {
        var url = $"http://127.0.0.1:{port}";
        var start = StartInfo(new Dictionary<string, string>(environment) { [urlVariable] = urlVariable == "ASPNETCORE_HTTP_PORTS" ? $"{port}" : url });
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, url);
        using var client = new HttpClient();
        try
        {
            await WaitUntilAnswersAsync(process, client, url);
        }
        catch
        {
            // A test that gives up must not leave a node running on its database and port.
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static async Task WaitUntilAnswersAsync(Process process, HttpClient client, string url) =>
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(process.HasExited, "the app exited during start");
            try
            {
                return (await client.GetAsync(url + "/healthz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the app answers", 120);

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as when the machine or the OOM killer ends it.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

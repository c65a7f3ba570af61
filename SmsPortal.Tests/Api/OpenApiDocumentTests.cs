using System.Text.Json;
using NSwag.CodeGeneration.CSharp;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Api;

/// <summary>The OpenAPI document against the app's own route table, and the C# client NSwag generates from it.</summary>
public sealed class OpenApiDocumentTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>Regenerate after an API change: <c>SMSPORTAL_WRITE_API_CLIENT=1 dotnet test SmsPortal.Tests --filter GeneratedClient_</c>.</summary>
    private const string WriteVariable = "SMSPORTAL_WRITE_API_CLIENT";

    [Fact]
    public async Task Document_ListsEveryApiRoute_WithItsScope()
    {
        using var client = app.ApiClient(null);
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Method: o.Name.ToUpperInvariant(), Path: p.Name, Operation: o.Value)))
            .ToList();
        var mapped = ApiScopeTests.ApiRoutes(app).Select(r => $"{r.Method} {System.Text.RegularExpressions.Regex.Replace(r.Pattern, ":[a-z]+}", "}")}").Order();

        Assert.Equal(mapped, documented.Select(d => $"{d.Method} {d.Path}").Order());
        Assert.All(documented, d => Assert.Single(d.Operation.GetProperty("security")[0].GetProperty("ApiKey").EnumerateArray()));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task ReferencePage_IsServed()
    {
        using var client = app.ApiClient(null);

        var page = await client.GetStringAsync("/api/docs/");

        Assert.Contains("openapi/v1.json", page);
    }

    [Fact]
    public async Task GeneratedClient_IsTheOneThisDocumentGenerates()
    {
        using var client = app.ApiClient(null);
        var code = await GenerateAsync(await client.GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(SourceDirectory(), "Generated", "SmsPortalApiClient.cs");

        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            await File.WriteAllTextAsync(path, code);
        }

        Assert.True(File.Exists(path) && await File.ReadAllTextAsync(path) == code,
            $"Api/Generated/SmsPortalApiClient.cs is not what the current document generates: run {WriteVariable}=1 dotnet test SmsPortal.Tests --filter GeneratedClient_");
    }

    internal static async Task<string> GenerateAsync(string json)
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "SmsPortalApiClient",
            GenerateClientInterfaces = false,
            UseBaseUrl = false,
            InjectHttpClient = true,
            GenerateOptionalParameters = true,
        };
        settings.CSharpGeneratorSettings.Namespace = "SmsPortal.Tests.Api.Generated";
        return new CSharpClientGenerator(document, settings).GenerateFile().ReplaceLineEndings("\n");
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}

using System.Text.Json;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>The contract's test vectors, read from <c>shared/docs/vectors.json</c> beside the repository.</summary>
public static class Vectors
{
    private static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(File.ReadAllText(Locate())).RootElement);

    public static JsonElement Get(string name) => Root.Value.GetProperty(name);

    public static IEnumerable<JsonElement> Native => Get("native").EnumerateArray();

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "docs", "vectors.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("shared/docs/vectors.json was not found above " + AppContext.BaseDirectory);
    }
}

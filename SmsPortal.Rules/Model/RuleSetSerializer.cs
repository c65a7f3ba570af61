using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmsPortal.Rules.Model;

/// <summary>Reads and writes <see cref="RuleSetDocument"/> JSON (camelCase, <c>type</c> discriminators, string enums).</summary>
public static class RuleSetSerializer
{
    /// <summary>The schema version this library writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Serialises a rule set document to JSON.</summary>
    /// <param name="document">The document.</param>
    /// <returns>Indented camelCase JSON.</returns>
    public static string Serialize(RuleSetDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, Options);
    }

    /// <summary>Serializes one rule in the same JSON shape it has inside a document (for storing rules one by one).</summary>
    /// <param name="rule">The rule to serialize.</param>
    /// <returns>The rule as JSON.</returns>
    public static string SerializeRule(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return JsonSerializer.Serialize(rule, Options);
    }

    /// <summary>Reads one rule written by <see cref="SerializeRule"/>.</summary>
    /// <param name="json">The rule as JSON.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="RuleSetFormatException">The JSON is not a valid rule.</exception>
    public static RuleDefinition DeserializeRule(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<RuleDefinition>(json, Options)
                ?? throw new RuleSetFormatException("The rule is null.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new RuleSetFormatException($"The rule is not valid: {ex.Message}", ex);
        }
    }


    /// <summary>Deserialises a rule set document, checking its schema version first.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The document (not yet validated; compile it with <see cref="Compilation.RuleCompiler"/>).</returns>
    /// <exception cref="RuleSetFormatException">The JSON is malformed, has no or an unsupported <c>schemaVersion</c>, or does not match the schema.</exception>
    public static RuleSetDocument Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using (var probe = JsonDocument.Parse(json))
            {
                if (probe.RootElement.ValueKind != JsonValueKind.Object
                    || !probe.RootElement.TryGetProperty("schemaVersion", out var version)
                    || version.ValueKind != JsonValueKind.Number)
                {
                    throw new RuleSetFormatException("The rule set document has no numeric 'schemaVersion'.");
                }

                if (!version.TryGetInt32(out var v) || v != CurrentSchemaVersion)
                {
                    throw new RuleSetFormatException(
                        $"Unsupported rule set schema version {version.GetRawText()}; this version of SmsPortal.Rules reads schema version {CurrentSchemaVersion}.");
                }
            }

            return JsonSerializer.Deserialize<RuleSetDocument>(json, Options)
                ?? throw new RuleSetFormatException("The rule set document is null.");
        }
        catch (JsonException ex)
        {
            throw new RuleSetFormatException($"The rule set document is not valid: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new RuleSetFormatException($"The rule set document is not valid: {ex.Message}", ex);
        }
    }
}

/// <summary>Thrown when a rule set document cannot be read (malformed JSON, unknown schema version, unknown condition type).</summary>
public sealed class RuleSetFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the document.</param>
    /// <param name="innerException">The underlying parser error, if any.</param>
    public RuleSetFormatException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

using System.Text.Json;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Compilation;
using SmsPortal.Team;

namespace SmsPortal.Cli;

/// <summary>
/// Operator commands on the same executable: <c>dotnet run --project SmsPortal -- users create …</c>.
/// Results go to standard output as JSON; a failure prints one line to standard error and exits non-zero.
/// </summary>
public static partial class AdminCli
{
    public const string Usage = """
        Usage:
          users create --email E --password-stdin   (or SMSPORTAL_PASSWORD=…; --password P also works)
          endpoints create --email E --name N [--description D] [--format native|standardwebhooks|smsgate|textbee|twilio|httpsms] [--secret S]
          endpoints list --email E
          endpoints rotate --id ID [--grace 24h] [--secret S]
          rules import --email E --file rules.json
          rules export --email E
          rules publish --email E [--comment C]          (the draft becomes the live version)
          rules dry-run --email E [--last 1000] [--runs 1] (draft against live over stored messages; sends nothing)
          api-keys create --email E --name N --scopes messages:send,messages:read [--expires 90d] [--acts-as MEMBER_EMAIL]
          api-keys list --email E
          api-keys revoke --id ID
          api-keys scopes --id ID --scopes messages:read,contacts:read
          demo seed --email E [--contacts 200] [--messages 2000]
          demo backlog --email E --messages N
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // A terminal, not a web page: print secrets as they are, not as \u002B escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "users" or "endpoints" or "rules" or "api-keys" or "demo" or "help" or "--help";

    /// <summary>Quiet logs on standard error, so standard output carries only the command's JSON.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        try
        {
            var command = Parse(args) with { Input = input ?? Console.In, Error = error };
            await using var scope = services.CreateAsyncScope();
            var result = await ExecuteAsync(scope.ServiceProvider, command);
            await output.WriteLineAsync(result is string text ? text : JsonSerializer.Serialize(result, Json));
            return 0;
        }
        catch (UserInputException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static Task<object> ExecuteAsync(IServiceProvider services, Command command) => command.Verb switch
    {
        "help" => Task.FromResult<object>(Usage),
        "users create" => CreateUserAsync(services, command),
        "endpoints create" => CreateEndpointAsync(services, command),
        "endpoints list" => ListEndpointsAsync(services, command),
        "endpoints rotate" => RotateEndpointAsync(services, command),
        "rules import" => ImportRulesAsync(services, command),
        "rules export" => ExportRulesAsync(services, command),
        "rules publish" => PublishRulesAsync(services, command),
        "rules dry-run" => DryRunRulesAsync(services, command),
        "api-keys create" => CreateApiKeyAsync(services, command),
        "api-keys list" => ListApiKeysAsync(services, command),
        "api-keys revoke" => RevokeApiKeyAsync(services, command),
        "api-keys scopes" => SetApiKeyScopesAsync(services, command),
        "demo seed" => SeedDemoAsync(services, command),
        "demo backlog" => SeedBacklogAsync(services, command),
        _ => throw new UserInputException($"Unknown command '{command.Verb}'. {Usage.ReplaceLineEndings(" ")}"),
    };

    private static Task<Membership> WorkspaceAsync(IServiceProvider services, Command command) =>
        services.GetRequiredService<WorkspaceRegistration>().WorkspaceOfAsync(command.Required("email"));

    private static async Task<object> CreateUserAsync(IServiceProvider services, Command command)
    {
        var password = await CliPassword.ReadAsync(command.Optional("password"), command.Options.ContainsKey(CliPassword.StdinFlag), command.Input, command.Error);
        var owner = await services.GetRequiredService<WorkspaceRegistration>().RegisterOwnerAsync(command.Required("email"), password);
        return new { owner.UserId, owner.Email, owner.WorkspaceId, owner.WorkspaceName };
    }

    private static async Task<object> CreateEndpointAsync(IServiceProvider services, Command command)
    {
        var email = command.Required("email");
        var workspace = await WorkspaceAsync(services, command);
        var format = command.Optional("format") is { } name
            ? Enum.TryParse<EndpointFormat>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new UserInputException($"Unknown format '{name}'. Use one of: {string.Join(", ", Enum.GetNames<EndpointFormat>()).ToLowerInvariant()}.")
            : EndpointFormat.Native;
        var created = await services.GetRequiredService<EndpointService>().CreateAsync(
            workspace.WorkspaceId, Actor.Cli(email), command.Required("name"), command.Optional("description"), format, command.Optional("secret"));
        return new { created.Id, created.Path, created.Secret, Format = format.ToString() };
    }

    private static async Task<object> ListEndpointsAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        var list = await services.GetRequiredService<EndpointService>().ListAsync(workspace.WorkspaceId);
        return list.Select(e => new { e.Id, e.Path, e.Name, e.Description, e.Enabled, Format = e.Format.ToString(), e.CreatedAt, e.PreviousSecretsValidUntil });
    }

    private static async Task<object> RotateEndpointAsync(IServiceProvider services, Command command)
    {
        var endpoints = services.GetRequiredService<EndpointService>();
        var id = command.Required("id");
        var grace = command.Optional("grace") is { } text ? GracePeriod.Parse(text) : GracePeriod.Default;
        var workspaceId = await endpoints.FindWorkspaceAsync(id) ?? throw new UserInputException($"Endpoint '{id}' was not found.");
        var rotated = await endpoints.RotateAsync(workspaceId, Actor.Cli(), id, grace, command.Optional("secret"));
        return new { rotated.Id, rotated.Secret, rotated.PreviousSecretsValidUntil };
    }

    private static async Task<object> ImportRulesAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        var path = command.Required("file");
        if (!File.Exists(path))
        {
            throw new UserInputException($"File '{path}' was not found.");
        }
        var rules = services.GetRequiredService<RuleService>();
        try
        {
            await rules.ImportAsync(workspace.WorkspaceId, await File.ReadAllTextAsync(path), Actor.Cli(command.Required("email")));
        }
        catch (RuleCompilationException ex)
        {
            throw new UserInputException(string.Join(" ", ex.Errors.Select(e => e.ToString())));
        }
        return new { Imported = (await rules.ListAsync(workspace.WorkspaceId)).Count };
    }

    private static async Task<object> ExportRulesAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        return await services.GetRequiredService<RuleService>().ExportAsync(workspace.WorkspaceId);
    }

    private static async Task<object> SeedDemoAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        var contacts = int.TryParse(command.Optional("contacts") ?? "200", out var c) ? c : throw new UserInputException("--contacts must be a number.");
        var messages = int.TryParse(command.Optional("messages") ?? "2000", out var m) ? m : throw new UserInputException("--messages must be a number.");
        var (seededContacts, seededMessages) = await services.GetRequiredService<Demo.DemoData>().SeedAsync(workspace.WorkspaceId, contacts, messages);
        return new { Contacts = seededContacts, Messages = seededMessages };
    }

    private static async Task<object> SeedBacklogAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        var count = int.TryParse(command.Required("messages"), out var n) ? n : throw new UserInputException("--messages must be a number.");
        return new { Pending = await services.GetRequiredService<Demo.DemoData>().SeedPendingAsync(workspace.WorkspaceId, count) };
    }

    private static Command Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "--help")
        {
            return new Command("help", []);
        }
        if (args.Length < 2)
        {
            throw new UserInputException($"'{args[0]}' needs a command. {Usage.ReplaceLineEndings(" ")}");
        }
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 2; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UserInputException($"Unexpected argument '{arg}'.");
            }
            var equals = arg.IndexOf('=');
            if (arg == "--" + CliPassword.StdinFlag)
            {
                options[CliPassword.StdinFlag] = "true";
            }
            else if (equals > 0)
            {
                options[arg[2..equals]] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                options[arg[2..]] = args[++i];
            }
            else
            {
                throw new UserInputException($"Option '{arg}' needs a value.");
            }
        }
        return new Command($"{args[0]} {args[1]}", options);
    }

    private sealed record Command(string Verb, Dictionary<string, string> Options)
    {
        public TextReader Input { get; init; } = TextReader.Null;

        public TextWriter Error { get; init; } = TextWriter.Null;

        public string Required(string name) =>
            Options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
                ? value
                : throw new UserInputException($"'{Verb}' needs --{name}.");

        public string? Optional(string name) => Options.GetValueOrDefault(name);
    }
}

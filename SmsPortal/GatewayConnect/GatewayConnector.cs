using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Egress;
using SmsPortal.Endpoints;
using SmsPortal.GatewayConnect.Management;
using SmsPortal.Outbound;
using SmsPortal.Team;
using SmsPortal.Webhooks;

namespace SmsPortal.GatewayConnect;

/// <summary>The credentials a user enters once to connect a gateway (empty fields the API can fill are filled).</summary>
public sealed record ConnectRequest(
    GatewayType Type, string? BaseUrl = null, string? Username = null, string? Password = null, string? ApiKey = null,
    string? DeviceId = null, string? From = null);

/// <summary>
/// What connecting did. <see cref="Secret"/> is set only when the user must paste it somewhere
/// (<see cref="ManualSteps"/>); <see cref="PhoneNumber"/> is the phone's own number when the gateway reports it.
/// </summary>
public sealed record ConnectResult(
    string EndpointId, string HookUrl, bool SigningKeySet, IReadOnlyList<string> ManualSteps, string? Secret,
    IReadOnlyList<RemoteDevice> Devices, string? PhoneNumber, DateTimeOffset ConnectedAt);

/// <summary>
/// Connects a gateway in one step: checks the credentials against its API, creates (or reuses) the endpoint in the
/// gateway's format, registers it as the gateway's webhook for received messages and status events with the
/// endpoint's secret as signing key where the API takes one, and saves the credentials as the team's gateway for
/// replies. Nothing is saved when the gateway refuses.
/// </summary>
public sealed class GatewayConnector(
    IDbContextFactory<AppDbContext> dbFactory,
    IEnumerable<IGatewayManagement> apis,
    EndpointService endpoints,
    GatewaySettingsService gatewaySettings,
    DestinationPolicy destinations,
    HookUrls hookUrls,
    TimeProvider time)
{
    public const string Connected = "gateway.connected";

    public static readonly GatewayType[] Connectable = [GatewayType.SmsGate, GatewayType.Textbee, GatewayType.HttpSms];

    public async Task<ConnectResult> ConnectAsync(Guid workspaceId, Actor actor, ConnectRequest request, string requestBaseUri, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        }
        var api = Api(request.Type);
        var settings = await SettingsAsync(request, cancellationToken);
        var devices = await CallAsync(() => api.DevicesAsync(settings, cancellationToken));
        Complete(settings, devices);

        var existing = await FindAsync(workspaceId, request.Type, cancellationToken);
        var (endpointId, secret, created) = existing is null
            ? await CreateEndpointAsync(workspaceId, actor, api, cancellationToken)
            : (existing.EndpointId, await endpoints.RevealSecretAsync(workspaceId, actor, existing.EndpointId, cancellationToken), false);
        var hookUrl = hookUrls.For($"/hooks/sms/{endpointId}", requestBaseUri);
        RemoteSetup setup;
        try
        {
            setup = await CallAsync(() => api.RegisterAsync(settings, hookUrl, secret, devices, cancellationToken));
        }
        catch (UserInputException) when (created)
        {
            await endpoints.DeleteAsync(workspaceId, actor, endpointId, CancellationToken.None);
            throw;
        }

        await gatewaySettings.SaveAsync(workspaceId, actor, new GatewaySettingsInput(request.Type, settings.BaseUrl, settings.Username,
            settings.DeviceId, settings.From, null, null, null, settings.ApiKey, settings.Password, null), cancellationToken);
        var now = time.GetUtcNow();
        await SaveConnectionAsync(workspaceId, actor, request.Type, endpointId, hookUrl, setup, now, cancellationToken);
        var phone = settings.From ?? devices.Select(d => d.PhoneNumber).FirstOrDefault(n => !string.IsNullOrEmpty(n));
        return new ConnectResult(endpointId, hookUrl, setup.SigningKeySet, setup.ManualSteps, setup.SigningKeySet ? null : secret, devices, phone, now);
    }

    /// <summary>The workspace's connection to a gateway of <paramref name="type"/>, if it made one.</summary>
    public async Task<GatewayConnection?> FindAsync(Guid workspaceId, GatewayType type, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.GatewayConnections.AsNoTracking().SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Type == type, cancellationToken);
    }

    /// <summary>The first message that reached the endpoint since <paramref name="since"/>: the "first text received" of the connect page.</summary>
    public async Task<FirstText?> FirstTextAsync(Guid workspaceId, string endpointId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InboundMessages.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && m.EndpointId == endpointId && m.StoredAt >= since && !m.IsTest)
            .OrderBy(m => m.Id)
            .Select(m => new FirstText(m.Id, m.From, m.Text, m.ReceivedAt))
            .FirstOrDefaultAsync(cancellationToken);
    }

    internal IGatewayManagement Api(GatewayType type) =>
        apis.FirstOrDefault(a => a.Type == type)
        ?? throw new UserInputException($"{type} cannot be connected through its API: set it under Settings → Gateway and follow docs/gateways/.");

    /// <summary>Runs a gateway call, turning its refusal into a message for the user.</summary>
    internal static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (GatewayApiException ex)
        {
            throw new UserInputException(ex.Message);
        }
    }

    private async Task<GatewayOptions> SettingsAsync(ConnectRequest request, CancellationToken cancellationToken)
    {
        var settings = new GatewayOptions
        {
            Type = request.Type, BaseUrl = Trim(request.BaseUrl), Username = Trim(request.Username), Password = Trim(request.Password),
            ApiKey = Trim(request.ApiKey), DeviceId = Trim(request.DeviceId), From = Trim(request.From), IsWorkspaceGateway = true,
        };
        var missing = request.Type switch
        {
            GatewayType.SmsGate when settings.Username is null || settings.Password is null => "SMSGate needs the username and password from the app's Cloud server section.",
            GatewayType.Textbee or GatewayType.HttpSms when settings.ApiKey is null => $"{request.Type} needs an API key from its dashboard.",
            _ => null,
        };
        if (missing is not null)
        {
            throw new UserInputException(missing);
        }
        if (await destinations.ProblemAsync(settings.EffectiveBaseUrl!, cancellationToken) is { } problem)
        {
            throw new UserInputException($"BaseUrl: {problem}");
        }
        return settings;
    }

    /// <summary>textbee sends from one device and httpSMS from one number: with a single phone on the account, that one.</summary>
    private static void Complete(GatewayOptions settings, IReadOnlyList<RemoteDevice> devices)
    {
        if (settings.Type is not (GatewayType.Textbee or GatewayType.HttpSms) || (settings.Type == GatewayType.Textbee ? settings.DeviceId : settings.From) is not null)
        {
            return;
        }
        var what = settings.Type == GatewayType.Textbee ? "device id" : "phone number";
        var pick = devices switch
        {
            [] => throw new UserInputException($"{settings.Type} lists no phone on this account: install its app on the phone and sign in, then connect again."),
            [var only] => only,
            _ => throw new UserInputException($"{settings.Type} lists {devices.Count} phones: enter the {what} to send from ({string.Join(", ", devices.Select(d => settings.Type == GatewayType.Textbee ? d.Id : d.PhoneNumber))})."),
        };
        if (settings.Type == GatewayType.Textbee)
        {
            settings.DeviceId = pick.Id;
        }
        else
        {
            settings.From = pick.PhoneNumber;
        }
    }

    private async Task<(string Id, string Secret, bool Created)> CreateEndpointAsync(Guid workspaceId, Actor actor, IGatewayManagement api, CancellationToken cancellationToken)
    {
        var created = await endpoints.CreateAsync(workspaceId, actor, $"{api.Type} phone", "Connected through the gateway's API", api.Format, cancellationToken: cancellationToken);
        return (created.Id, created.Secret, true);
    }

    private async Task SaveConnectionAsync(
        Guid workspaceId, Actor actor, GatewayType type, string endpointId, string hookUrl, RemoteSetup setup, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.GatewayConnections.SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Type == type, cancellationToken);
        if (row is null)
        {
            row = new GatewayConnection { WorkspaceId = workspaceId, Type = type, EndpointId = endpointId };
            db.GatewayConnections.Add(row);
        }
        row.EndpointId = endpointId;
        row.HookUrl = hookUrl;
        row.RemoteWebhookIds = string.Join(',', setup.WebhookIds);
        row.SigningKeyAtGateway = setup.SigningKeySet;
        row.ConnectedAt = now;
        row.SigningKeyUpdatedAt = setup.SigningKeySet ? now : null;
        db.AddAudit(workspaceId, actor, Connected, endpointId, now, $"{type}: {setup.WebhookIds.Count} webhook(s), signing key {(setup.SigningKeySet ? "set through the API" : "to paste")}");
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A received message shown as the connect page's "first text received".</summary>
public sealed record FirstText(string MessageId, string From, string Text, DateTimeOffset ReceivedAt);

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Audit;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Webhooks;

/// <summary>Rotation as a sender lives through it: the old secret keeps working until the grace deadline.</summary>
public sealed class SecretRotationTests : IAsyncLifetime
{
    private readonly TestApp _app = new(clock: DateTimeOffset.UtcNow);

    private FakeTimeProvider Time => _app.Time;
    private TestApp App => _app;
    private HttpClient Client => _app.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Rotate_OldSecret_AcceptedInsideGraceRefusedAfter()
    {
        var endpoint = await App.CreateEndpointAsync();
        var rotated = await Rotate(endpoint, TimeSpan.FromHours(1));
        var renewed = endpoint with { Secret = rotated.Secret };

        using var oldInside = await Client.PostAsync(endpoint, Deliveries.Body("g-1"));
        using var newInside = await Client.PostAsync(renewed, Deliveries.Body("g-2"));
        Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using var oldAfter = await Client.PostAsync(endpoint, Deliveries.Body("g-3"));
        using var newAfter = await Client.PostAsync(renewed, Deliveries.Body("g-4"));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK],
            new[] { oldInside.StatusCode, newInside.StatusCode, oldAfter.StatusCode, newAfter.StatusCode });
    }

    [Fact]
    public async Task Rotate_ZeroGrace_OldSecretRefusedAtOnce()
    {
        var endpoint = await App.CreateEndpointAsync();

        var rotated = await Rotate(endpoint, TimeSpan.Zero);
        using var old = await Client.PostAsync(endpoint, Deliveries.Body("z-1"));
        using var renewed = await Client.PostAsync(endpoint with { Secret = rotated.Secret }, Deliveries.Body("z-2"));

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Empty(rotated.PreviousSecretsValidUntil);
    }

    [Fact]
    public async Task Post_SignedWithOldAndNewDuringRotation_Accepted()
    {
        var endpoint = await App.CreateEndpointAsync();
        var rotated = await Rotate(endpoint, TimeSpan.Zero);
        var body = Deliveries.Body("both-1");

        using var response = await Client.PostAsync(endpoint, body, $"{Deliveries.Sign(body, endpoint.Secret)},{Deliveries.Sign(body, rotated.Secret)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<RotatedSecret> Rotate(TestEndpoint endpoint, TimeSpan grace) =>
        App.Services.GetRequiredService<EndpointService>().RotateAsync(endpoint.WorkspaceId, Actor.Cli(), endpoint.Id, grace);
}

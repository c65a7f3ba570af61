using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Endpoints;

public sealed class EndpointServiceTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly PortalAppFactory _app = fixture.App;
    private EndpointService Service => _app.Services.GetRequiredService<EndpointService>();

    [Fact]
    public async Task Create_NewEndpoint_OpaqueIdAndWhsecSecretOf32Bytes()
    {
        var endpoint = await _app.CreateEndpointAsync();

        Assert.Matches("^ep_[A-Za-z0-9_-]{22}$", endpoint.Id);
        Assert.StartsWith("whsec_", endpoint.Secret);
        Assert.Equal(44, endpoint.Secret.Length - "whsec_".Length);
        Assert.Equal(32, Convert.FromBase64String(endpoint.Secret["whsec_".Length..]).Length);
    }

    [Fact]
    public async Task Create_Secret_EncryptedAtRestNeverInTheDatabaseFile()
    {
        var endpoint = await _app.CreateEndpointAsync();

        await using (var db = _app.CreateDbContext())
        {
            var stored = await db.EndpointSecrets.SingleAsync(s => s.EndpointId == endpoint.Id);
            Assert.DoesNotContain(endpoint.Secret["whsec_".Length..], stored.ProtectedValue);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        var file = await ReadSharedAsync(_app.DatabasePath);
        Assert.DoesNotContain(endpoint.Secret, Encoding.UTF8.GetString(file));
    }

    [Fact]
    public async Task Reveal_CurrentSecret_ReturnedAndAudited()
    {
        var endpoint = await _app.CreateEndpointAsync();

        var secret = await Service.RevealSecretAsync(endpoint.WorkspaceId, await _app.MemberAsync(endpoint.WorkspaceId, "alice@example.test"), endpoint.Id);

        Assert.Equal(endpoint.Secret, secret);
        var audit = await AuditAsync(endpoint);
        Assert.Contains(audit, a => a.Action == AuditActions.EndpointSecretRevealed && a.Actor == "alice@example.test" && a.Target == endpoint.Id);
        Assert.DoesNotContain(audit, a => (a.Detail ?? "").Contains(endpoint.Secret));
    }

    [Fact]
    public async Task Rotate_SevenTimes_KeepsAtMostFivePreviousSecrets()
    {
        var endpoint = await _app.CreateEndpointAsync();

        RotatedSecret last = null!;
        for (var i = 0; i < 7; i++)
        {
            last = await Service.RotateAsync(endpoint.WorkspaceId, Actor.Cli(), endpoint.Id, TimeSpan.FromHours(24));
        }

        await using var db = _app.CreateDbContext();
        var secrets = await db.EndpointSecrets.Where(s => s.EndpointId == endpoint.Id).ToListAsync();
        Assert.Equal(6, secrets.Count);
        Assert.Single(secrets, s => s.ExpiresAt is null);
        Assert.Equal(5, last.PreviousSecretsValidUntil.Count);
        Assert.Equal(7, (await AuditAsync(endpoint)).Count(a => a.Action == AuditActions.EndpointSecretRotated));
    }

    [Fact]
    public async Task Rotate_ZeroGrace_DeletesThePreviousSecret()
    {
        var endpoint = await _app.CreateEndpointAsync();

        await Service.RotateAsync(endpoint.WorkspaceId, Actor.Cli(), endpoint.Id, TimeSpan.Zero);

        await using var db = _app.CreateDbContext();
        var secret = await db.EndpointSecrets.SingleAsync(s => s.EndpointId == endpoint.Id);
        Assert.Null(secret.ExpiresAt);
    }

    [Fact]
    public async Task AnyOperation_EndpointOfAnotherWorkspace_NotFound()
    {
        var mine = await _app.CreateEndpointAsync();
        var theirs = await _app.CreateEndpointAsync();
        var me = await _app.OwnerAsync(mine);

        await Assert.ThrowsAsync<UserInputException>(() => Service.RevealSecretAsync(mine.WorkspaceId, me, theirs.Id));
        await Assert.ThrowsAsync<UserInputException>(() => Service.RotateAsync(mine.WorkspaceId, me, theirs.Id, TimeSpan.Zero));
        await Assert.ThrowsAsync<UserInputException>(() => Service.SetEnabledAsync(mine.WorkspaceId, me, theirs.Id, false));
        await Assert.ThrowsAsync<UserInputException>(() => Service.DeleteAsync(mine.WorkspaceId, me, theirs.Id));
        Assert.Null(await Service.FindAsync(mine.WorkspaceId, theirs.Id));
        Assert.DoesNotContain(await Service.ListAsync(mine.WorkspaceId), e => e.Id == theirs.Id);
        Assert.True((await Service.FindAsync(theirs.WorkspaceId, theirs.Id))!.Enabled);
    }

    [Fact]
    public async Task Delete_Endpoint_GoneWithItsSecretsAndAudited()
    {
        var endpoint = await _app.CreateEndpointAsync();

        await Service.DeleteAsync(endpoint.WorkspaceId, Actor.Cli(), endpoint.Id);

        Assert.Empty(await Service.ListAsync(endpoint.WorkspaceId));
        await using var db = _app.CreateDbContext();
        Assert.False(await db.EndpointSecrets.AnyAsync(s => s.EndpointId == endpoint.Id));
        Assert.Contains(await AuditAsync(endpoint), a => a.Action == AuditActions.EndpointDeleted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Create_BlankName_ClearError(string name)
    {
        var endpoint = await _app.CreateEndpointAsync();

        var error = await Assert.ThrowsAsync<UserInputException>(() => Service.CreateAsync(endpoint.WorkspaceId, Actor.Cli(), name, null));

        Assert.Contains("Name", error.Message);
    }

    [Theory]
    [InlineData("24h", 24 * 60)]
    [InlineData("90m", 90)]
    [InlineData("2d", 2 * 24 * 60)]
    [InlineData("0", 0)]
    public void GracePeriod_Parse_UnderstandsUnits(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), GracePeriod.Parse(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("-1h")]
    [InlineData("31d")]
    public void GracePeriod_Parse_RejectsNonsense(string text) =>
        Assert.Throws<UserInputException>(() => GracePeriod.Parse(text));

    private async Task<List<AuditEntry>> AuditAsync(TestEndpoint endpoint)
    {
        await using var db = _app.CreateDbContext();
        return await db.AuditLog.Where(a => a.WorkspaceId == endpoint.WorkspaceId).ToListAsync();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}

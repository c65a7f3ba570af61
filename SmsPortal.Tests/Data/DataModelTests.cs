using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Data;

namespace SmsPortal.Tests.Data;

/// <summary>Both providers' models, built the way the app builds them, without a database server.</summary>
public sealed class DataModelTests
{
    [Fact]
    public void SqlServer_CreateScript_GeneratesWithIdentityPasskeysAndUniqueMessageIndex()
    {
        using var services = Services("SqlServer", "Server=localhost;Database=SmsPortal;Integrated Security=true;TrustServerCertificate=true");
        using var db = services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

        var script = db.Database.GenerateCreateScript();

        Assert.IsType<SqlServerDbContext>(db);
        Assert.Contains("CREATE TABLE [AspNetUserPasskeys]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_InboundMessages_WorkspaceId_ExternalId]", script);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script);
    }

    [Theory]
    [InlineData("Sqlite", "")]
    [InlineData("SqlServer", "Server=localhost;Database=SmsPortal;Integrated Security=true")]
    public void Migrations_MatchTheModel_NoPendingChanges(string provider, string connectionString)
    {
        using var services = Services(provider, connectionString);
        using var db = services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model has changes without a migration: add one through the app host.");
    }

    [Fact]
    public void SqlServer_WithoutConnectionString_FailsAtStartWithClearMessage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Services("SqlServer", ""));

        Assert.Contains("Database:ConnectionString", error.Message);
    }

    private static ServiceProvider Services(string provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
            ["Database:DataDirectory"] = Path.Combine(Path.GetTempPath(), "smsportal-tests", "model"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSmsPortalData(configuration, Path.GetTempPath());
        return services.BuildServiceProvider();
    }
}

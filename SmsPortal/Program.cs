using SmsPortal.Cli;
using SmsPortal.Data;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddSmsPortalSettingsFile();
// Serve MudBlazor's and Blazor's files straight from the build in any environment, so `dotnet run` works
// without publishing (in a published app this finds no manifest and does nothing).
builder.WebHost.UseStaticWebAssets();
builder.WebHost.UseDefaultUrlUnlessSet(builder.Configuration);
if (AdminCli.IsCommand(args))
{
    AdminCli.ConfigureLogging(builder.Logging);
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddReverseProxySupport(builder.Configuration);
builder.Services.AddAbuseLimits();
builder.Services.AddProblemDetails();
builder.Services.AddSmsPortalData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSmsPortalDataProtection(builder.Configuration);
builder.Services.AddWorkSignals();
builder.Services.AddLiveUpdates();
builder.Services.AddHousekeeping();
builder.Services.AddCluster();
builder.Services.AddMonitoring(builder.Configuration);
builder.Services.AddTeam();
builder.Services.AddAudit();
builder.Services.AddWorkspaceSettings();
builder.Services.AddWebhookEndpoints();
builder.Services.AddWebhooks();
builder.Services.AddRuleSets();
builder.Services.AddProcessing();
builder.Services.AddContacts();
builder.Services.AddTickets();
builder.Services.AddNotifications();
builder.Services.AddEgress();
builder.Services.AddOutbound();
builder.Services.AddWorkspaceGateways();
builder.Services.AddGatewayConnect();
builder.Services.AddInbox();
builder.Services.AddSavedReplies();
builder.Services.AddSearch();
builder.Services.AddDashboard();
builder.Services.AddDemoData();
builder.Services.AddDrafts();
builder.Services.AddPortal();

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
if (AdminCli.IsCommand(args))
{
    return await AdminCli.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.UseReverseProxySupport();
app.UsePortalErrorHandling();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapWebhooks();
app.MapContacts();
app.MapInbox();
app.MapRuleSets();
app.MapPortal();
app.MapMonitoring();

await app.RunAsync();
return 0;

public partial class Program;

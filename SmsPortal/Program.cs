using SmsPortal.Cli;
using SmsPortal.Data;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddSmsPortalSettingsFile();
if (AdminCli.IsCommand(args))
{
    AdminCli.ConfigureLogging(builder.Logging);
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddSmsPortalData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddTeam();
builder.Services.AddEndpoints(builder.Configuration);
builder.Services.AddWebhooks();
builder.Services.AddProcessing();
builder.Services.AddOutbound();

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
if (AdminCli.IsCommand(args))
{
    return await AdminCli.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapWebhooks();
app.MapGet("/", () => "SmsPortal is running.");

await app.RunAsync();
return 0;

public partial class Program;

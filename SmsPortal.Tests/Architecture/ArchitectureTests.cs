using Microsoft.Extensions.DependencyInjection;
using NetArchTest.Rules;
using SmsPortal.Processing;
using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Tests.Architecture;

/// <summary>The dependency rules of docs/architecture.md, checked on the compiled assemblies.</summary>
public sealed class ArchitectureTests
{
    private static readonly System.Reflection.Assembly App = typeof(Program).Assembly;

    [Fact]
    public void RulesEngine_ReferencesNoAspNetCoreEntityFrameworkOrTheApp()
    {
        var result = Types.InAssembly(typeof(CompiledRuleSet).Assembly)
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "SmsPortal.Data", "MudBlazor")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Fact]
    public void Pages_NeverUseADbContext()
    {
        var result = Types.InAssembly(App)
            .That().ResideInNamespaceMatching(@"^SmsPortal\.(\w+\.Pages|Components)(\.|$)")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "SmsPortal.Data")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Fact]
    public void FeatureFolders_FormNoCycles()
    {
        var graph = new NamespaceGraph(App.Location, "SmsPortal");

        var cycles = FeatureGraph.Cycles(graph);

        Assert.True(cycles.Count == 0, "Feature folders that use each other:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void ActionHandlers_LiveInTheActionsFolderOfTheFeatureTheyChange()
    {
        var result = Types.InAssembly(App)
            .That().ImplementInterface(typeof(IRuleActionHandler)).And().DoNotHaveName(nameof(StopHandler))
            .Should().ResideInNamespaceMatching(@"^SmsPortal\.\w+\.Actions$")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Fact]
    public void ActionHandlers_ExactlyOneRegisteredForEveryActionKind()
    {
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddLogging();
        services.AddProcessing().AddContacts().AddTickets().AddNotifications().AddOutbound();
        using var provider = services.BuildServiceProvider();

        var kinds = provider.GetServices<IRuleActionHandler>().Select(h => h.Kind).Order().ToList();

        Assert.Equal(Enum.GetValues<ActionKind>().Order(), kinds);
    }

    [Fact]
    public void Registrations_AndRoutes_LiveInTheFrameworkNamespaces()
    {
        var registrations = Types.InAssembly(App).That().HaveNameEndingWith("ServiceCollectionExtensions")
            .Should().ResideInNamespace("Microsoft.Extensions.DependencyInjection").GetResult();
        var routes = Types.InAssembly(App).That().HaveNameEndingWith("Api")
            .Should().ResideInNamespace("Microsoft.AspNetCore.Routing").GetResult();

        Assert.True(registrations.IsSuccessful, Failing(registrations));
        Assert.True(routes.IsSuccessful, Failing(routes));
    }

    private static string Failing(TestResult result) =>
        "Breaking the rule: " + string.Join(", ", result.FailingTypeNames ?? []);
}

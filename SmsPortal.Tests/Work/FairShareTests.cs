using SmsPortal.Work;

namespace SmsPortal.Tests.Work;

public sealed class FairShareTests
{
    private static readonly Guid A = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000000");
    private static readonly Guid B = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000000");

    [Fact]
    public void Pick_WorkspaceWithWorkInFlight_TakesOnlyWhatIsLeftOfItsShare()
    {
        (string, Guid)[] candidates = [("a1", A), ("a2", A), ("a3", A), ("a4", A), ("b1", B), ("b2", B)];

        // A already has 3 of its 4 in flight on this node; B has none.
        var chosen = FairShare.Pick(candidates, w => w == A ? 1 : 4, capacity: 16);

        Assert.Equal(["a1", "b1", "b2"], chosen);
    }

    [Fact]
    public void Pick_CapacityShort_EveryWorkspaceOldestFirst()
    {
        (string, Guid)[] candidates = [("a1", A), ("a2", A), ("a3", A), ("b1", B)];

        Assert.Equal(["a1", "b1"], FairShare.Pick(candidates, _ => 4, capacity: 2));
    }
}

namespace SmsPortal.Audit;

public static class TeamAuditActions
{
    public const string InvitationCreated = "team.invitation.created";
    public const string InvitationRevoked = "team.invitation.revoked";
    public const string InvitationAccepted = "team.invitation.accepted";
    public const string RoleChanged = "team.role.changed";
    public const string MemberRemoved = "team.member.removed";
}

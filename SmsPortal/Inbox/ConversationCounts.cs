namespace SmsPortal.Inbox;

/// <summary>How many conversations each inbox view holds for one viewer.</summary>
public sealed record ConversationCounts(int Mine, int Unassigned, int Open, int Snoozed, int Closed)
{
    public int For(SmsPortal.Contacts.ConversationView view) => view switch
    {
        SmsPortal.Contacts.ConversationView.Mine => Mine,
        SmsPortal.Contacts.ConversationView.Unassigned => Unassigned,
        SmsPortal.Contacts.ConversationView.Open => Open,
        SmsPortal.Contacts.ConversationView.Snoozed => Snoozed,
        SmsPortal.Contacts.ConversationView.Closed => Closed,
        _ => Open + Snoozed + Closed,
    };
}

#!/usr/bin/env python3
"""Writes 1,000,000 messages (2/3 inbound, 1/3 outbound) and some notes straight into a workspace that `demo seed`
created with contacts and an endpoint, for the search benchmark (bench/search.sh). The text is SMS-like: a few dozen
templates, a reference number in a quarter of them, and words drawn from a Zipf-like vocabulary of 5,000, so a search
can look for something rare, something common, and a word in ~40 % of all rows ("thanks": every auto-reply and many
texts). Times rise with the row number over the last 365 days, as real traffic arrives.

Usage: search_seed.py sqlite DB_FILE [MESSAGES]
       search_seed.py csv OUT_DIR WORKSPACE_ID ENDPOINT_ID CONTACT_IDS_FILE [MESSAGES]   (for PostgreSQL's \\copy)
"""
import csv
import datetime
import os
import random
import sqlite3
import sys

INBOUND = [
    "Hi, what are your opening hours?", "price?", "Can I book a table for 2 tonight?", "Thanks!", "Thanks, see you then",
    "Is my order ready?", "help", "Where are you located?", "Can you call me back?", "See you tomorrow", "ok thanks",
    "My parcel has not arrived yet", "Can I change my delivery address?", "Do you have this in a larger size?",
    "I need to cancel my appointment", "What time do you close on Sunday?", "Great, thanks a lot!", "Is parking free?",
    "Running 10 minutes late, sorry", "Can I pay by card?", "The invoice looks wrong", "thanks for the quick reply",
    "Yes please", "No thank you", "When will the refund arrive?", "Can I bring my dog?",
]
OUTBOUND = [
    "Your order is ready for pickup", "Sure, see you at 7", "We open at 9 and close at 18", "Your refund was approved",
    "The courier is on the way", "We are at 12 Market Street", "Your table is booked", "Card is fine",
]
AUTO_REPLY = "Thanks for your message, we'll be right with you."
SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "qui", "zan", "pe", "ros", "li", "mar", "nu", "bex"]


def vocabulary():
    rng = random.Random(7)
    words = set()
    while len(words) < 5000:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def messages(count, contacts, seed=42):
    """(kind, n, contact, at, text) in time order; at in Unix milliseconds."""
    rng = random.Random(seed)
    words = vocabulary()
    end = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    start_ms = int((end - datetime.timedelta(days=365)).timestamp() * 1000)
    step = 365 * 86400 * 1000 // count
    for n in range(count):
        contact = contacts[rng.randrange(len(contacts))]
        at = start_ms + n * step + rng.randrange(step)
        if n % 3 == 2:
            text = AUTO_REPLY if rng.random() < 0.6 else rng.choice(OUTBOUND)
            yield "out", n, contact, at, text
            continue
        text = rng.choice(INBOUND)
        if rng.random() < 0.5:
            # Zipf-like: word i is drawn with probability ~ 1/i.
            text += " " + " ".join(words[int(5000 ** rng.random()) - 1] for _ in range(rng.randint(1, 5)))
        if rng.random() < 0.25:
            text += f" (order {rng.randrange(1_000_000)})"
        yield "in", n, contact, at, text


def ticks_binary(ms):
    """EF Core's DateTimeOffsetToBinaryConverter for a UTC time: (ticks / 1000) << 11."""
    ticks = 621355968000000000 + ms * 10000
    return (ticks // 1000) << 11


def seed_sqlite(path, count):
    db = sqlite3.connect(path)
    workspace, = db.execute('SELECT "WorkspaceId" FROM "Contacts" LIMIT 1').fetchone()
    endpoint = "ep_bench"  # InboundMessages.EndpointId has no foreign key; search never reads it
    contacts = [(r[0], r[1]) for r in db.execute('SELECT "Id", "Number" FROM "Contacts" WHERE "WorkspaceId" = ?', (workspace,))]
    inbound, outbound = [], []
    db.execute("BEGIN")
    for kind, n, (contact, number), at, text in messages(count, contacts):
        t = ticks_binary(at)
        if kind == "in":
            inbound.append((f"msg_bench{n:021d}", workspace, endpoint, f"bench-{n}", number, text, t, t, contact, t))
        else:
            outbound.append((f"out_bench{n:021d}", workspace, contact, number, text, "AutoReply" if text == AUTO_REPLY else "Manual", t, t, t))
        if len(inbound) + len(outbound) >= 50_000:
            flush_sqlite(db, inbound, outbound)
    flush_sqlite(db, inbound, outbound)
    notes = [(f"note_bench{i:020d}", workspace, contacts[i % len(contacts)][0], "bench", "bench", f"Called back about the {random.Random(i).choice(['refund', 'parcel', 'invoice'])}", ticks_binary(0) + i)
             for i in range(10_000)]
    db.executemany('INSERT INTO "ConversationNotes" ("Id","WorkspaceId","ContactId","AuthorId","AuthorName","Text","CreatedAt") VALUES (?,?,?,?,?,?,?)', notes)
    db.execute("COMMIT")
    db.execute("INSERT INTO \"SearchIndex\"(\"SearchIndex\") VALUES ('optimize')")
    db.commit()
    # No ANALYZE: the app never runs it, so the planner sees what it sees in production.
    db.close()


def flush_sqlite(db, inbound, outbound):
    db.executemany('INSERT INTO "InboundMessages" ("Id","WorkspaceId","EndpointId","ExternalId","From","Text","ReceivedAt","StoredAt","IsTest","ContactId",'
                   '"RawPayload","Status","Attempts","ProcessedAt","HoldReplies") VALUES (?,?,?,?,?,?,?,?,0,?,\'{}\',\'Processed\',1,?,0)', inbound)
    db.executemany('INSERT INTO "OutboundMessages" ("Id","WorkspaceId","ContactId","To","Text","Origin","IsOptOutConfirmation","Status","Attempts",'
                   '"CreatedAt","UpdatedAt","SentAt") VALUES (?,?,?,?,?,?,0,\'Sent\',1,?,?,?)', outbound)
    inbound.clear()
    outbound.clear()


def write_csv(out_dir, workspace, endpoint, contacts_file, count):
    contacts = [tuple(line.strip().split("|")) for line in open(contacts_file) if line.strip()]
    iso = lambda ms: datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).isoformat()
    with open(os.path.join(out_dir, "inbound.csv"), "w", newline="") as fi, open(os.path.join(out_dir, "outbound.csv"), "w", newline="") as fo:
        wi, wo = csv.writer(fi, lineterminator="\n"), csv.writer(fo, lineterminator="\n")
        for kind, n, (contact, number), at, text in messages(count, contacts):
            if kind == "in":
                wi.writerow([f"msg_bench{n:021d}", workspace, endpoint, f"bench-{n}", number, text, iso(at), iso(at), contact, iso(at), "false", "{}", "Processed", 1, "false"])
            else:
                wo.writerow([f"out_bench{n:021d}", workspace, contact, number, text, "AutoReply" if text == AUTO_REPLY else "Manual", iso(at), iso(at), iso(at), "false", "Sent", 1])


if __name__ == "__main__":
    if sys.argv[1] == "sqlite":
        seed_sqlite(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000)
    else:
        write_csv(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else 1_000_000)

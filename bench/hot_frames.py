#!/usr/bin/env python3
"""Attributes a dotnet-trace speedscope file's samples (bench/profile.sh): managed CPU by nearest SmsPortal frame, and
time inside SQLite's native code (including fsync) by the SmsPortal frame that called it."""
import json, collections, sys
for path in sys.argv[1:]:
    d = json.load(open(path)); name = path
    frames = [f["name"] for f in d["shared"]["frames"]]
    own = collections.Counter(); unmanaged = collections.Counter(); cpu = 0.0; native = 0.0
    for p in d["profiles"]:
        stack = []; last = None
        for e in p["events"]:
            if last is not None and stack:
                dt = e["at"] - last; leaf = frames[stack[-1]]
                names = [frames[i] for i in stack[:-1]]
                mine = next((n for n in reversed(names) if n.startswith("SmsPortal!") and "Program" not in n), "outside SmsPortal code: Kestrel, middleware, thread pool")
                key = mine.split("(")[0].replace("SmsPortal!SmsPortal.", "").replace("SmsPortal!", "")[:95]
                if leaf == "CPU_TIME":
                    cpu += dt; own[key] += dt
                elif leaf == "UNMANAGED_CODE_TIME" and names and "Sqlite" in "".join(names[-3:]) :
                    native += dt; unmanaged[key] += dt
            last = e["at"]
            if e["type"] == "O": stack.append(e["frame"])
            elif stack: stack.pop()
    print(f"== {name}: managed CPU samples by nearest SmsPortal frame ({cpu:.0f} ms)")
    for k, v in own.most_common(10): print(f"{100*v/cpu:5.1f}%  {k}")
    print(f"   inside SQLite (native, incl. fsync) by caller ({native:.0f} ms)")
    for k, v in unmanaged.most_common(6): print(f"{100*v/native:5.1f}%  {k}")

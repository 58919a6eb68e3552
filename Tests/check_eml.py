"""Reads newsletter messages the way a mail client does, with Python's
`email` package (policy default), and checks them against the .txt and
.html written beside them.

usage: python3 check_eml.py SUBJECT issue.eml [issue2.eml ...]
Each issue.eml needs issue.txt and issue.html next to it. Prints one line
per problem and exits 1 when there are any.
"""
import email
import sys
from email import policy

problems = []
subject = sys.argv[1]

for path in sys.argv[2:]:
    stem = path[: -len(".eml")]

    def check(condition, what):
        if not condition:
            problems.append(f"{path}: {what}")

    raw = open(path, "rb").read()
    msg = email.message_from_bytes(raw, policy=policy.default)
    check(not msg.defects, f"defects {msg.defects!r}")
    check(msg.get_content_type() == "multipart/alternative", f"type is {msg.get_content_type()}")
    check(msg["MIME-Version"] == "1.0", "MIME-Version is not 1.0")
    for name in ["From", "To", "Subject", "Date", "Message-ID"]:
        check(msg[name] is not None, f"no {name} header")
        check(len(msg.get_all(name) or []) <= 1, f"{name} more than once")
    check(str(msg["Subject"]) == subject, f"subject reads {str(msg['Subject'])!r}")
    check(msg["Date"].datetime is not None and msg["Date"].datetime.tzinfo is not None, "Date unreadable")
    check(msg["Message-ID"].startswith("<") and "@" in msg["Message-ID"], "Message-ID malformed")
    check(len(msg["From"].addresses) == 1, "From is not one mailbox")
    check(all(a.addr_spec and "@" in a.addr_spec for a in msg["To"].addresses), "To unreadable")
    for line in raw.split(b"\n"):
        check(len(line) <= 998, "a line longer than 998 bytes")
    header_block = raw.split(b"\n\n", 1)[0]
    for line in header_block.split(b"\n"):
        check(len(line) <= 78, f"header line over 78: {line[:40]!r}")
        check(all(b < 128 for b in line), "8-bit byte in a header")
    check(all(b < 128 for b in raw), "8-bit byte in the message (must be 7-bit with quoted-printable)")

    parts = list(msg.iter_parts())
    check([p.get_content_type() for p in parts] == ["text/plain", "text/html"], "parts are not text/plain then text/html")
    if len(parts) != 2:
        continue
    for part in parts:
        check(part["Content-Transfer-Encoding"] == "quoted-printable", "part not quoted-printable")
        check(part.get_content_charset() == "utf-8", "part charset not utf-8")
        check(not part.defects, f"part defects {part.defects!r}")
    text = parts[0].get_content()
    check(text == open(stem + ".txt", encoding="utf-8").read(), "decoded text differs from the .txt")
    html = parts[1].get_content()
    check(html == open(stem + ".html", encoding="utf-8").read(), "decoded HTML differs from the .html")
    lower = html.lower()
    check("<script" not in lower and "<iframe" not in lower, "script or iframe in the HTML")
    check(" onerror=" not in lower and " onclick=" not in lower and " onload=" not in lower, "event handler in the HTML")
    check("<style" not in lower and "stylesheet" not in lower, "a style sheet in the HTML")
    check(msg.get_body(preferencelist=("plain",)).get_content() == text, "get_body(plain) is not the text")
    check(msg.get_body(preferencelist=("html",)).get_content() == html, "get_body(html) is not the HTML")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)

"""Checks every output below ROOT for what issue 8 forbids, the way a browser
or an e-book reader would read it (a parser, not grep, where grep would
mistake escaped text for markup):

- no file (and no member of an .epub, unzipped) holds CANARY, the random
  string planted outside the allowed roots, or a line of /etc/passwd;
- in every .epub document, and in every .html page below a --clean folder,
  no <script>, <iframe>, <object>, <embed>, no on* event handler, and no
  javascript:, vbscript: or data:text/html address survives;
- in every .txt, the numbered link list holds no such address.

usage: python3 hostile_check.py CANARY ROOT [ROOT ...] [--clean FOLDER ...]
Prints one line per problem (and a summary line); exits 1 when there are any.
"""
import html.parser
import os
import re
import sys
import zipfile

canary = sys.argv[1].encode()
roots, clean = [], []
arguments = iter(sys.argv[2:])
for argument in arguments:
    if argument == "--clean":
        clean.append(os.path.abspath(next(arguments)))
    else:
        roots.append(argument)
problems = []
counts = {"files": 0, "epub members": 0, "parsed": 0}

ACTIVE_ELEMENTS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "srcset", "cite"}


def unsafe_url(value):
    # Browsers ignore control characters and white space inside a scheme.
    folded = "".join(c for c in value if ord(c) > 0x20).lower()
    return folded.startswith(("javascript:", "vbscript:", "data:text/html", "data:image/svg", "data:application"))


class ActiveContent(html.parser.HTMLParser):
    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name = name

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_ELEMENTS:
            problems.append(f"{self.name}:{self.getpos()[0]}: <{tag}> element")
        for attribute, value in attrs:
            if attribute.startswith("on"):
                problems.append(f"{self.name}:{self.getpos()[0]}: <{tag} {attribute}=...> event handler")
            elif attribute in URL_ATTRIBUTES and value and unsafe_url(value):
                problems.append(f"{self.name}:{self.getpos()[0]}: <{tag} {attribute}=\"{value[:40]}\">")
            elif attribute == "style" and value and ("javascript:" in value.lower() or "expression(" in value.lower()):
                problems.append(f"{self.name}:{self.getpos()[0]}: script in a style attribute")

    handle_startendtag = handle_starttag


def check_markup(name, data):
    counts["parsed"] += 1
    parser = ActiveContent(name)
    parser.feed(data.decode("utf-8", errors="replace"))
    parser.close()


def check_bytes(name, data):
    if canary in data:
        problems.append(f"{name}: holds the canary from outside the roots")
    if b"root:x:0:0:" in data:
        problems.append(f"{name}: holds /etc/passwd")


LINK_LINE = re.compile(r"^\s*\[\d+\]\s+(\S+)")

for folder, folders, files in (entry for root in roots for entry in os.walk(root)):
    for file in files:
        path = os.path.join(folder, file)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        counts["files"] += 1
        with open(path, "rb") as f:
            data = f.read()
        check_bytes(path, data)
        if file.endswith(".epub"):
            try:
                with zipfile.ZipFile(path) as book:
                    for member in book.namelist():
                        counts["epub members"] += 1
                        content = book.read(member)
                        check_bytes(f"{path}!{member}", content)
                        if member.endswith((".xhtml", ".html", ".svg", ".opf", ".ncx")):
                            check_markup(f"{path}!{member}", content)
            except zipfile.BadZipFile as error:
                problems.append(f"{path}: not a zip: {error}")
        elif file.endswith(".html") and any(os.path.abspath(path).startswith(c + os.sep) for c in clean):
            check_markup(path, data)
        elif file.endswith(".txt"):
            for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
                match = LINK_LINE.match(line)
                if match and unsafe_url(match.group(1)):
                    problems.append(f"{path}:{number}: link list holds {match.group(1)[:40]}")

for problem in problems:
    print(problem)
print(f"checked {counts['files']} files, {counts['epub members']} book members, parsed {counts['parsed']} documents; "
      f"{len(problems)} problems")
sys.exit(1 if problems else 0)

#!/usr/bin/python3
"""Count the marks of each plot in a DOM dump (chromium --dump-dom).

Usage: dom_marks.py DOM.html  ->  prints "ID TAG COUNT" for every <svg id>
and every mark element (class="mark": rect, circle, path, polyline) inside
it.  Standard library only (tests/report/test_report.sh uses it).
"""
import sys
from collections import Counter
from html.parser import HTMLParser


class Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []  # svg ids we are inside
        self.counts = Counter()
        self.svgs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.stack.append(a.get("id", "?"))
            self.svgs.append(a.get("id", "?"))
        elif self.stack and "mark" in (a.get("class") or "").split():
            self.counts[(self.stack[-1], tag)] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "svg" and self.stack:
            self.stack.pop()


p = Marks()
with open(sys.argv[1], encoding="utf-8") as f:
    p.feed(f.read())
for svg in p.svgs:
    print(svg, "svg", 1)
for (svg, tag), n in sorted(p.counts.items()):
    print(svg, tag, n)

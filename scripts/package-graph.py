#!/usr/bin/env python3
"""Carousel's package dependency graph, from the sources, and a check that it has no cycles.

Usage: scripts/package-graph.py [ROOT]   (ROOT: the repository, default the current directory)

A package (carousel.tensor, carousel.speech.am, carousel.spark, ...) depends on another when one of
its main source files names it in code: an import, or a fully qualified name outside comments and
string literals (javadoc links do not count). Prints one line per package, by level (0: uses no
package; else one above its highest dependency), with what it depends on, then the cycles (strongly connected components of more than one package); exits 1 when there is one.
"""
import re
import sys
from pathlib import Path

ROOTS = ["src/main/java", "spark/src/main/java"]
NAME = re.compile(r"\bcarousel\.((?:speech\.)?[a-z]+)\.[A-Z]")
NOISE = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\])*"', re.S)


def package_of(path: Path, src: Path) -> str:
    parts = path.relative_to(src).parent.parts   # ('carousel', 'speech', 'am')
    return ".".join(parts[1:])


def graph(root: Path) -> dict:
    deps = {}
    for r in ROOTS:
        src = root / r
        for f in sorted(src.rglob("*.java")):
            pkg = package_of(f, src)
            code = NOISE.sub(" ", f.read_text(encoding="utf-8"))
            uses = deps.setdefault(pkg, set())
            for m in NAME.finditer(code):
                if m.group(1) != pkg:
                    uses.add(m.group(1))
    return deps


def cycles(deps: dict) -> list:
    """Tarjan's strongly connected components of size > 1 (or a package depending on itself)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(deps.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(deps):
        if v not in index:
            visit(v)
    return out


def levels(deps: dict) -> dict:
    """Level of each package in an acyclic graph: 0 when it uses no package, else 1 + its highest dependency's."""
    level = {}

    def of(v):
        if v not in level:
            level[v] = 1 + max((of(w) for w in deps.get(v, ())), default=-1)
        return level[v]

    for v in deps:
        of(v)
    return level


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    deps = graph(root)
    found = cycles(deps)
    level = levels(deps) if not found else {}
    for pkg in sorted(deps, key=lambda p: (level.get(p, 0), p)):
        print(f"{level.get(pkg, '?')!s:>2} {pkg:18} -> {' '.join(sorted(deps[pkg])) or '(nothing)'}")
    for c in found:
        print("cycle: " + " <-> ".join(c))
    print(f"{len(deps)} packages, {sum(len(d) for d in deps.values())} dependencies, "
          + (f"{len(found)} cycle(s)" if found else "no cycles"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Differential test of core/dec against Python's decimal module (ROUND_HALF_UP).

Runs the dec_oracle tool ($SELFEVAL_TOOLS/dec_oracle, or BUILD/test/tools/dec_oracle with
BUILD = argv[1]) on random cases and compares every line with the value worked out here
at high precision. The fixed seed always runs; DEC_DIFF_SEED adds a second run.
Prints "dec_diff: N cases, M mismatches" and exits 1 on any mismatch.
"""
import os
import random
import subprocess
import sys
from decimal import Decimal, Context, ROUND_HALF_UP, ROUND_DOWN, localcontext

FIXED_SEED = 20240611
CASES_PER_SEED = 24000
I128_MAX = 2**127 - 1
MAX_SCALE = 30
EXACT = Context(prec=400, rounding=ROUND_HALF_UP)


def oracle_path():
    tools = os.environ.get("SELFEVAL_TOOLS")
    if tools:
        return os.path.join(tools, "dec_oracle")
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    return os.path.join(build, "test", "tools", "dec_oracle")


def text(d):
    """Plain text with the exponent kept as the number of decimals; no negative zero."""
    if d == 0:
        d = abs(d)
    return format(d, "f")


def coef_fits(d):
    return abs(int(d.scaleb(-d.as_tuple().exponent, context=EXACT))) <= I128_MAX


def quantize(d, scale):
    return d.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP, context=EXACT)


def expect(op, a_s, b_s, scale):
    a = Decimal(a_s)
    b = Decimal(b_s) if b_s != "-" else None
    sa = max(0, -a.as_tuple().exponent)
    if op in ("add", "sub"):
        r = EXACT.add(a, b) if op == "add" else EXACT.subtract(a, b)
        return text(r) if coef_fits(r) else "OVERFLOW"
    if op == "mul":
        p = EXACT.multiply(a, b)
        s = -p.as_tuple().exponent
        # Keep as many decimals as fit (at most MAX_SCALE), rounding the exact product.
        for k in range(max(0, s - MAX_SCALE), s + 1):
            q = quantize(p, s - k)
            if coef_fits(q):
                return text(q)
        return "OVERFLOW"
    if op == "div":
        if b == 0:
            return "DIV_ZERO"
        # Truncate at a precision far beyond the result, then round half up once: a
        # truncated tail can never turn a value below a tie into a tie.
        with localcontext(Context(prec=300, rounding=ROUND_DOWN)) as ctx:
            q = ctx.divide(a, b)
        r = quantize(q, scale)
        return text(r) if coef_fits(r) else "OVERFLOW"
    if op == "round":
        return text(a) if sa <= scale else text(quantize(a, scale))
    if op == "cmp":
        return str(int(a.compare(b)))
    raise ValueError(op)


def rand_num(rng, max_digits=18, max_scale=8):
    digits = rng.randint(1, max_digits)
    scale = rng.randint(0, max_scale)
    n = rng.randint(10 ** (digits - 1) if digits > 1 else 0, 10 ** digits - 1)
    s = str(n)
    if scale:
        s = s.rjust(scale + 1, "0")
        s = s[:-scale] + "." + s[-scale:]
    if rng.random() < 0.4:
        s = "-" + s
    return s


def tie_num(rng, scale):
    """A value sitting exactly on a rounding tie at `scale` decimals (x.xx5)."""
    base = rand_num(rng, 12, 0).lstrip("-")
    frac = "".join(rng.choice("0123456789") for _ in range(scale)) + "5"
    sign = "-" if rng.random() < 0.5 else ""
    return sign + base + "." + frac


def big_num(rng):
    """Up to 38 digits with up to 30 decimals: the edges of the 128-bit coefficient."""
    return rand_num(rng, 38, 30)


def gen_cases(seed, count):
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        op = rng.choice(["add", "sub", "mul", "div", "round", "cmp"])
        scale = rng.randint(0, 8)
        roll = rng.random()
        if op == "round":
            a = tie_num(rng, scale) if roll < 0.4 else (big_num(rng) if roll < 0.55 else rand_num(rng))
            cases.append((op, a, "-", scale))
            continue
        if roll < 0.1:
            a, b = big_num(rng), big_num(rng)
        elif roll < 0.2 and op == "div":
            # Divisions that land on ties: (k + 0.5) units of the result times the divisor.
            b = rand_num(rng, 6, 3)
            if Decimal(b) == 0:
                b = "8"
            unit = Decimal(1).scaleb(-scale)
            k = rng.randint(-10**6, 10**6)
            a = text(EXACT.multiply((Decimal(k) + Decimal("0.5")) * unit, Decimal(b)))
        elif roll < 0.25:
            a = rand_num(rng)
            b = a if rng.random() < 0.5 else text(Decimal(a) * 10)  # equal values / scales
            if op == "cmp":
                b = a + "0" if "." in a else a + ".0"
        elif roll < 0.3 and op == "div":
            a, b = rand_num(rng, 30, 4), rand_num(rng, 18, 8)  # numerators up to 10^30
        else:
            a, b = rand_num(rng), rand_num(rng)
        if op == "div" and rng.random() < 0.02:
            b = "0.00" if rng.random() < 0.5 else "0"
        cases.append((op, a, b, scale))
    return cases


def run(seed, binary):
    cases = gen_cases(seed, CASES_PER_SEED)
    data = "".join(f"{op} {a} {b} {s}\n" for op, a, b, s in cases)
    proc = subprocess.run([binary], input=data, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        print(f"dec_diff: oracle exited {proc.returncode}: {proc.stderr[-2000:]}")
        return len(cases), len(cases)
    got = proc.stdout.splitlines()
    bad = 0
    for i, case in enumerate(cases):
        want = expect(*case)
        have = got[i] if i < len(got) else "<no output>"
        if have != want:
            bad += 1
            if bad <= 5:
                print(f"mismatch (seed {seed}): {' '.join(map(str, case))}: dec {have}, python {want}")
    return len(cases), bad


def main():
    binary = oracle_path()
    if not os.access(binary, os.X_OK):
        print(f"dec_diff: oracle not found at {binary}")
        return 1
    seeds = [FIXED_SEED]
    env_seed = os.environ.get("DEC_DIFF_SEED")
    if env_seed:
        seeds.append(int(env_seed))
    total = mismatches = 0
    for seed in seeds:
        print(f"dec_diff: seed {seed}")
        n, m = run(seed, binary)
        total += n
        mismatches += m
    print(f"dec_diff: {total} cases, {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes a draft of form "project" (forms/project.json) with N indicator rows, for benchmarks
(loading, recomputing, redrawing, saving a large table).

Usage: scripts/gen-large-draft.py N OUT

The rows are varied the way filed forms vary, so every scoring path is exercised: positive
targets (≥5家, 7000万美元以上, 增长5%以上), reverse ones (≤990万元), percentages, money in
another unit (≥1.2亿元 against 9800万元), qualitative targets with a tier, rows with a direction
typed, typed scores (some agreeing with the rule, some overrides), reasons, and a few 不适用
rows. The output is deterministic (fixed random seed): the same N gives the same bytes.

No binary floating point: amounts are made from integers, weights are hundredths that add up
to exactly 90 (100 with the execution rate's 10) whenever N applicable rows allow it.
"""
import json
import random
import sys

SEED = 20250427

LEVELS = [
    ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]),
    ("效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
    ("满意度指标", ["服务对象满意度指标"]),
    ("成本指标", ["经济成本指标", "社会成本指标", "生态环境成本指标"]),
]
SUBJECTS = ["外贸进出口额", "引进企业", "培训人次", "新增就业", "招商项目", "资金拨付",
            "电商主体", "消费促进活动", "外资到位", "租金收入", "项目开工", "群众满意度",
            "网点建设", "冷链设施", "展会参展企业", "政策兑现"]
UNITS = ["家", "个", "次", "人", "场", "项"]


def dec(units, scale):
    """Integer `units` of 10^-scale as decimal text, trailing zeros dropped ("12.50" -> "12.5")."""
    neg = units < 0
    units = abs(units)
    if scale == 0:
        s = str(units)
    else:
        s = f"{units // 10 ** scale}.{units % 10 ** scale:0{scale}d}".rstrip("0").rstrip(".")
    return "-" + s if neg else s


def row_kind(rng, i):
    if i % 29 == 7:
        return "na"
    return rng.choice(["ge", "ge", "plain_above", "le", "pct", "growth", "yi", "qual", "qual",
                       "cost_dir"])


def make_row(rng, i, kind):
    l1, l2s = rng.choice(LEVELS)
    row = {"_id": f"r{i}", "level1": l1, "level2": rng.choice(l2s)}
    subj = rng.choice(SUBJECTS)
    row["level3"] = f"{subj}（第{i}项）"
    unit = rng.choice(UNITS)
    if kind == "na":
        row["level3"] = f"{subj}（第{i}项，本年不涉及）"
        row["na"] = "不适用"
        return row
    if kind == "ge":
        t = rng.randint(1, 500)
        a = t + rng.randint(-t // 2, t)  # sometimes short, sometimes far over
        row["target"], row["actual"] = f"≥{t}{unit}", f"{a}{unit}"
    elif kind == "plain_above":
        t = rng.randint(10, 9000)
        row["target"], row["actual"] = f"{t} 万美元以上", f"{t + rng.randint(-t // 3, t // 2)} 万美元"
    elif kind == "le":
        t = rng.randint(100, 99999)
        a = t + rng.randint(-t // 4, t // 3)
        row["target"], row["actual"] = f"≤{dec(t, 2)}万元", f"{dec(a, 2)}万元"
    elif kind == "pct":
        t = rng.randint(500, 10000)
        a = min(10000, t + rng.randint(-1500, 800))
        row["target"], row["actual"] = f"{dec(t, 2)}%", f"{dec(a, 2)}%"
    elif kind == "growth":
        t = rng.randint(1, 20)
        a = rng.randint(-50, 4000)
        row["target"], row["actual"] = f"增长{t}%以上", f"同比增长{dec(a, 1)}%"
    elif kind == "yi":
        t = rng.randint(5, 40)                # 亿元, one decimal
        a = t * 1000 + rng.randint(-2000, 1500)  # 万元
        row["target"], row["actual"] = f"≥{dec(t, 1)}亿元", f"{a}万元"
    elif kind == "qual":
        row["target"] = rng.choice(["及时", "达成", "有效提升", "规范有序", "明显改善"])
        tier = rng.choice(["达成", "达成", "部分达成", "未达成"])
        row["actual"] = {"达成": row["target"], "部分达成": "基本达成", "未达成": "未达成"}[tier]
        row["direction"] = "定性"
        row["tier"] = tier
    elif kind == "cost_dir":
        row["level1"], row["level2"] = "成本指标", "经济成本指标"
        t = rng.randint(1000, 500000)
        a = t + rng.randint(-t // 5, t // 2)
        row["target"], row["actual"] = f"{dec(t, 2)}万元", f"{dec(a, 2)}万元"
        row["direction"] = rng.choice(["反向", "反向", "正向"])
    return row


def spread_weights(rng, n_rows, total_hundredths=9000):
    shares = [rng.randint(1, 5) for _ in range(n_rows)]
    s = sum(shares)
    if s == 0:
        return []
    w = [total_hundredths * x // s for x in shares]
    for k in range(total_hundredths - sum(w)):   # largest remainders, deterministic
        w[k % n_rows] += 1
    return w


def build(n):
    rng = random.Random(SEED)
    rows = [make_row(rng, i, row_kind(rng, i)) for i in range(1, n + 1)]
    applicable = [r for r in rows if "na" not in r]
    overrides = {}
    for r, w in zip(applicable, spread_weights(rng, len(applicable))):
        r["weight"] = dec(w, 2)
        # now and then the clerk typed the printed score: the full weight (agreeing with the
        # rule when the target was met, an override otherwise) or a judgement figure
        p = rng.random()
        if p < 0.15:
            r["score"] = r["weight"]
        elif p < 0.2:
            r["score"] = dec(w * rng.randint(50, 100) // 100, 2)
            if rng.random() < 0.5:
                overrides[f"indicators.{r['_id']}.score"] = {
                    "reason": "按评审组意见酌情打分。", "by": "gen-large-draft",
                    "at": "2026-04-27T10:00:00+08:00"}
        if rng.random() < 0.3:
            r["reason"] = "偏差原因：受市场环境影响，部分工作未达预期。改进措施：加强调度，压实责任。"
    budget = rng.randint(10_000, 100_000_000)          # in 1/10000 万元 (one yuan)
    executed = budget * rng.randint(40, 100) // 100
    values = {
        "header": {"name": f"基准测试项目（{n} 行指标）", "department": "益阳市商务局",
                   "implementer": "益阳市商务局"},
        "funds": {"budget_initial": dec(budget, 4), "budget_annual": dec(budget, 4),
                  "executed": dec(executed, 4), "exec_weight": "10"},
        "goals": {"expected": "推动开放型经济高质量发展。", "achieved": "基本完成年度目标。"},
        "indicators": rows,
        "signoff": {"filler": "测试", "date": "2026-04-27", "phone": "0737-4245709"},
    }
    if executed * 10 < budget * 9:
        values["funds"]["low_exec_reason"] = "部分项目资金按进度拨付，年底尚未结算。"
    return {
        "format": "selfeval-draft/1.0",
        "form": {"id": "project", "version": "2025.1"},
        "meta": {"unit": "益阳市商务局", "year": "2025", "status": "draft",
                 "created": "2026-04-27T09:00:00+08:00", "modified": "2026-04-27T09:00:00+08:00",
                 "author": "gen-large-draft"},
        "values": values,
        "overrides": overrides,
        "comments": [],
        "history": [],
    }


def main(argv):
    if len(argv) != 3:
        print("usage: gen-large-draft.py N OUT", file=sys.stderr)
        return 2
    try:
        n = int(argv[1])
    except ValueError:
        n = -1
    if n < 0:
        print(f"gen-large-draft.py: N must be a whole number >= 0, not {argv[1]!r}", file=sys.stderr)
        return 2
    text = json.dumps(build(n), ensure_ascii=False, indent=2) + "\n"
    try:
        with open(argv[2], "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        print(f"gen-large-draft.py: cannot write {argv[2]}: {e.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

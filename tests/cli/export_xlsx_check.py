"""Reads an exported workbook with an independent reader (openpyxl) and checks it against the
printed seed tables: every figure (as a number, with its number format), every merged range of
the department and project tables, the print setup and the draft's sha256 in the properties.

Usage: export_xlsx_check.py FILE.xlsx seed000|seed001 SHA256 VERSION
Prints one line per failed check; exits 1 when any failed."""
import sys
import zipfile
from decimal import Decimal

import openpyxl

path, which, sha, version = sys.argv[1:5]
wb = openpyxl.load_workbook(path)
bad = []


def check(cond, what):
    if not cond:
        bad.append(what)


def num(ws, ref, want, fmt):
    c = ws[ref]
    if not isinstance(c.value, (int, float)):
        bad.append(f"{ws.title}!{ref}: {c.value!r} is not a number (want {want})")
        return
    # the stored double, read back at 15 digits, is the decimal printed on the form
    got = Decimal(repr(c.value)).quantize(Decimal(1).scaleb(-10)).normalize()
    if got != Decimal(want).normalize():
        bad.append(f"{ws.title}!{ref}: {c.value!r}, want {want}")
    if c.number_format != fmt:
        bad.append(f"{ws.title}!{ref}: format {c.number_format!r}, want {fmt!r}")


def text(ws, ref, want):
    v = ws[ref].value
    if v != want:
        bad.append(f"{ws.title}!{ref}: {v!r}, want {want!r}")


def merged(ws, want):
    got = {str(r) for r in ws.merged_cells.ranges}
    for r in sorted(set(want) - got):
        bad.append(f"{ws.title}: {r} is not merged")
    for r in sorted(got - set(want)):
        bad.append(f"{ws.title}: {r} is merged, and should not be")


def printed(ws, repeat):
    ps = ws.page_setup
    check(ps.orientation == "landscape", f"{ws.title}: not landscape")
    check(str(ps.paperSize) == "9", f"{ws.title}: paper {ps.paperSize}, not A4 (9)")
    check(ws.sheet_properties.pageSetUpPr.fitToPage, f"{ws.title}: not fitted to the page")
    check(ps.fitToWidth in (None, 1, "1"), f"{ws.title}: fit to {ps.fitToWidth} pages wide")
    check(str(ps.fitToHeight) == "0", f"{ws.title}: fit to {ps.fitToHeight} pages tall, not any")
    check(ws.print_title_rows == repeat, f"{ws.title}: repeated rows {ws.print_title_rows}")


# ---- properties: the draft's sum and the program's version
props = wb.properties
check(props.keywords == sha, f"keywords {props.keywords!r}, want the sha256 {sha}")
check(sha in (props.description or ""), "the sha256 is not in the comments")
check(version in (props.description or ""), "the version is not in the comments")
custom = zipfile.ZipFile(path).read("docProps/custom.xml").decode()
check(sha in custom and "draft sha256" in custom, "custom property 'draft sha256' missing")
check(f">{version}<" in custom, "custom property 'selfeval version' missing")

INDICATOR_FMT = [("0", "0.00")]

if which == "seed000":
    check(wb.sheetnames == ["基础数据表", "部门整体支出绩效自评表", "检查结果"],
          f"sheets {wb.sheetnames}")
    # ---- 附件1
    b = wb["基础数据表"]
    printed(b, "$1:$1")
    text(b, "A1", "2025 年度部门整体支出绩效评价基础数据表")
    text(b, "A2", "财政供养人员情况（人）")
    num(b, "B3", "195", "0")
    num(b, "D3", "199", "0")
    num(b, "F3", "1.0205", "0.00%")        # 199 / 195, not the printed 102.5%
    text(b, "B4", "2024 年决算数")
    text(b, "F4", "2025 年决算数")
    rows = [  # label, 2024 决算, 2025 预算, 2025 决算 — as printed in seed 000 附件1
        ("三公经费", "95.2", "192.49", "196.4"),
        ("1、公务用车购置和维护经费", "8.32", "13.81", "13.81"),
        ("其中：公车购置", "0", "0", "0"),
        ("公车运行维护", "8.32", "13.81", "13.81"),
        ("2、出国经费", "71.93", "175.17", "175.17"),
        ("3、公务接待", "14.95", "3.51", "7.42"),
        ("项目支出", "24963.98", "49161.35", "49198.05"),
        ("1、业务(工作)经费", "1290.98", "1213.21", "1249.91"),
        ("2、运行维护经费", "700", "707.9", "707.9"),
        ("3、本级专项资金", None, None, None),      # not typed in seed 000: its one fund
        ("消费品以旧换新资金", "22973", "47240.24", "47240.24"),   # printed as the 3rd item
        ("公用经费", None, None, None),
        ("其中：办公经费", "76.05", "84.57", "92.26"),
        ("水费、电费、差旅费", "141.1", "98.16", "102.12"),
        ("会议费、培训费", "7.23", "1.34", "1.96"),
        ("政府采购金额", "4.68", "23.94", "23.94"),
        ("部门基本支出预算调整", "132.66", "0", "93.06"),
    ]
    for i, (label, *figs) in enumerate(rows):
        r = 5 + i
        check((b[f"A{r}"].value or "").lstrip("\u3000") == label, f"基础数据表!A{r}: {label}")
        for col, f in zip("BDF", figs):
            if f is None:
                check(b[f"{col}{r}"].value is None, f"基础数据表!{col}{r} should be blank")
            else:   # 万元 at the precision typed: 95.2 one digit, 192.49 two
                digits = len(f.split(".")[1]) if "." in f else 0
                num(b, f"{col}{r}", f, "0" + ("." + "0" * digits if digits else ""))
            check(f"{col}{r}:{chr(ord(col) + 1)}{r}" in {str(m) for m in b.merged_cells.ranges},
                  f"基础数据表!{col}{r} is not merged with the next column")
    # the form's indentation: 其中 rows under their total, the funds under 本级专项资金
    for r, depth in ((5, 0), (6, 1), (7, 2), (8, 2), (11, 0), (14, 1), (15, 2), (17, 1)):
        v = b[f"A{r}"].value or ""
        check(len(v) - len(v.lstrip("\u3000")) == depth, f"基础数据表!A{r} {v!r}: indent {depth}")
    text(b, "A22", "楼堂馆所控制情况（2025 年完工项目）")
    for ref in ("B23", "C23", "E23", "F23"):
        num(b, ref, "0", "0")
    text(b, "D23", "—")                      # 0 / 0: no rate, never 0%
    text(b, "G23", "—")
    text(b, "B24", "节约用水用电，严控经费支出")
    text(b, "A26", "填表人：贺家悦")
    text(b, "C26", "填报日期：2026年4月27日")
    text(b, "E26", "联系电话：4245709")
    text(b, "F26", "单位负责人签字：")
    for m in ("A1:G1", "A2:A3", "A22:A23", "B24:G24", "A25:G25"):
        check(m in {str(x) for x in b.merged_cells.ranges}, f"基础数据表: {m} is not merged")

    # ---- 附件2
    d = wb["部门整体支出绩效自评表"]
    printed(d, "$1:$2")
    text(d, "A1", "2025 年度部门整体支出绩效自评表")
    text(d, "A2", "预算部门")
    text(d, "C2", "益阳市商务局")
    text(d, "A3", "年度预算申请（万元）")
    for ref, label in zip(("C3", "D3", "E3", "F3", "G3", "H3"),
                          ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        text(d, ref, label)
    text(d, "B4", "年度资金总额")
    num(d, "C4", "4211.33", "0.00")
    num(d, "D4", "52014.32", "0.00")
    num(d, "E4", "51965.47", "0.00")
    num(d, "F4", "10", "0")
    num(d, "G4", "0.9991", "0.00%")
    num(d, "H4", "9.99", "0.00")
    text(d, "B5", "按收入性质分：")
    text(d, "F5", "按支出性质分：")
    num(d, "D6", "8355.91", "0.00")
    num(d, "D7", "42653.24", "0.00")
    num(d, "D8", "0.14", "0.00")
    num(d, "H6", "2767.42", "0.00")
    num(d, "H7", "49198.05", "0.00")
    text(d, "B6", "其中：一般公共预算")
    text(d, "F6", "其中：基本支出")
    text(d, "A10", "年度总体目标")
    text(d, "B10", "预期目标")
    text(d, "F10", "实际完成情况")
    check((d["B11"].value or "").startswith("推动招商转型提质方面"), "附件2 预期目标")
    check((d["F11"].value or "").startswith("招商引资质量质齐升"), "附件2 实际完成情况")
    text(d, "A12", "绩效指标")
    ind = [  # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分 — seed 000 附件2
        ("产出指标", "数量指标", "对外工程承包和劳务合作营业额增长", "4%", "5.05%", "10", "10"),
        (None, None, "组织老干部春节、七一、重阳等活动", "3次", "3次", "5", "5"),
        (None, "质量指标", "社会消费品零售总额增长", "6%", "2.9%", "5", "2.42"),
        (None, None, "利用外商直接投资增长", "5%", "71.16%", "10", "10"),
        (None, "时效指标", "对执法执勤工作保障及时率", "85%", "100%", "10", "10"),
        ("效益指标", "经济效益指标", "引进“三类500强”企业", "5家", "12家", "10", "10"),
        (None, None, "租金收入", "1600万元", "956.18万元", "5", "2.99"),
        (None, "社会效益指标", "全面实施消费促进活动", "1次", "1次", "5", "5"),
        (None, "生态效益指标", "开展禁烟活动", "6次", "6次", "5", "5"),
        (None, "可持续影响指标", "贯彻落实稳消费接续政策", "2次", "2次", "10", "10"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "90%", "90%", "5", "5"),
        ("成本指标", "经济成本指标", "全年整体投入资金", "4211.33万元", "51965.47万元", "10", "10"),
    ]
    for i, (l1, l2, l3, tgt, act, w, s) in enumerate(ind):
        r = 13 + i
        if l1:
            text(d, f"B{r}", l1)
        else:
            check(d[f"B{r}"].value is None, f"附件2!B{r} should be inside the 一级 merge")
        if l2:
            text(d, f"C{r}", l2)
        text(d, f"D{r}", l3)
        text(d, f"E{r}", tgt)
        text(d, f"F{r}", act)
        num(d, f"G{r}", w, "0")
        num(d, f"H{r}", s, "0.00")
    check("偏差原因" in (d["I15"].value or ""), "附件2 I15: the reason of 社会消费品零售总额增长")
    text(d, "A25", "总分")
    num(d, "G25", "100", "0")
    num(d, "H25", "95.4", "0.00")
    text(d, "A26", "填表人：贺家悦")
    text(d, "C26", "填报日期：2026年4月27日")
    text(d, "E26", "联系电话：4245709")
    text(d, "H26", "单位负责人签字：")
    merged(d, ["A1:I1", "A2:B2", "C2:I2",
               "A3:A9", "B5:E5", "F5:I5",
               "B6:C6", "D6:E6", "F6:G6", "H6:I6",
               "B7:C7", "D7:E7", "F7:G7", "H7:I7",
               "B8:C8", "D8:E8", "F8:I8",
               "B9:C9", "D9:E9", "F9:I9",
               "A10:A11", "B10:E10", "F10:I10", "B11:E11", "F11:I11",
               "A12:A24", "B13:B17", "C13:C14", "C15:C16", "B18:B22", "C18:C19",
               "A25:F25", "A26:B26", "C26:D26", "E26:G26", "H26:I26"])

    # ---- the findings, on a sheet of their own
    f = wb["检查结果"]
    # 8 warnings and 3 notices before category weights became notices (issue 9 item 7):
    # the two weights.category findings of seed 000 now count as notices
    # notices: 5 of the engine's and the forms', 3 red flags (review.over_130_unexplained)
    text(f, "A1", "检查结果：1 个错误，6 个警告，8 个提示")
    text(f, "A3", "错误")
    text(f, "B3", "typed.mismatch")
    text(f, "C3", "basic.staff.control_rate")
    codes = {f[f"B{r}"].value for r in range(3, f.max_row + 1)}
    for c in ("funds.income_sum", "report.figure_mismatch", "weights.category",
              "indicator.direction_unconfirmed"):
        check(c in codes, f"检查结果: no {c}")

elif which == "seed001":
    name = "开放型经济发展与三产业发展引导资金"
    check(wb.sheetnames == [name, "检查结果"], f"sheets {wb.sheetnames}")
    p = wb[name]
    printed(p, "$1:$2")
    text(p, "A1", "2025 年度项目支出绩效自评表")
    text(p, "A2", "项目支出名称")
    text(p, "C2", name)
    text(p, "A3", "主管部门")
    text(p, "B3", "益阳市商务局")
    text(p, "E3", "实施单位")
    check(p["F3"].value is None, "seed 001 has no 实施单位")
    text(p, "A4", "项目资金（万元）")
    text(p, "B5", "年度资金总额")
    num(p, "C5", "990", "0")
    num(p, "D5", "990", "0")
    num(p, "E5", "547.6879", "0.0000")      # the precision typed
    num(p, "F5", "10", "0")
    num(p, "G5", "0.5532", "0.00%")
    num(p, "H5", "5.53", "0.00")
    text(p, "B6", "其中：当年财政拨款")
    text(p, "B7", "上年结转资金")
    text(p, "B8", "其他资金")
    text(p, "A9", "年度总体目标")
    check((p["B10"].value or "").startswith("1.直接利用外资同比增长 5%以上；"), "seed 001 预期目标")
    text(p, "A11", "绩效指标")
    ind = [
        ("产出指标", "数量指标", "对外承包工程和劳务合作完成营业额", "10", "10"),
        (None, None, "引进 500 强企业", "10", "10"),
        (None, "质量指标", "对外贸易进出口额", "10", "10"),
        (None, None, "境内省外资金", "10", "10"),
        (None, None, "湘商回湘投资新注册企业数", "10", "10"),
        (None, "时效指标", "根据申报情况及时拨付", "10", "10"),
        (None, "成本指标", "资金使用额", "5", "5"),
        ("效益指标", "经济效益指标", "直接利用外资", "10", "10"),
        (None, "社会效益指标", "电商企业直接就业人数", "5", "5"),
        (None, "生态效益指标", "不适应", None, None),
        (None, "可持续影响指标", "不适应", None, None),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "10", "10"),
    ]
    for i, (l1, l2, l3, w, s) in enumerate(ind):
        r = 12 + i
        if l1:
            text(p, f"B{r}", l1)
        if l2:
            text(p, f"C{r}", l2)
        text(p, f"D{r}", l3)
        if w is None:
            check(p[f"G{r}"].value is None, f"{name}!G{r}: a 不适应 row has no weight")
        else:
            num(p, f"G{r}", w, "0")
            num(p, f"H{r}", s, "0.00")
    text(p, "E13", "≥5 家")
    text(p, "F13", "12 家")
    text(p, "A24", "总分")
    num(p, "G24", "100", "0")
    num(p, "H24", "95.53", "0.00")
    text(p, "A25", "填表人：")
    merged(p, ["A1:I1", "A2:B2", "C2:I2", "B3:D3", "F3:I3",
               "A4:A8", "F6:I6", "F7:I7", "F8:I8",
               "A9:A10", "B9:E9", "F9:I9", "B10:E10", "F10:I10",
               "A11:A23", "B12:B18", "C12:C13", "C14:C16", "B19:B22",
               "A24:F24", "A25:B25", "C25:D25", "E25:G25", "H25:I25"])
    f = wb["检查结果"]
    codes = {f[f"B{r}"].value for r in range(3, f.max_row + 1)}
    check("funds.low_execution_reason" in codes, "检查结果: 55.32% without a reason is not listed")
else:
    bad.append(f"unknown fixture {which}")

for b_ in bad:
    print("FAIL", b_)
sys.exit(1 if bad else 0)

#!/usr/bin/env python3
"""Static check of form definitions and drafts against docs/form-format.md and
docs/draft-format.md. Best effort: it catches what a careless edit of a JSON file breaks (a
misspelt key, a duplicate id, a name in an expression that names nothing, a draft value that is
a JSON number, a draft key the form does not have) before the editor refuses the file.

Usage:
  scripts/check-forms.py                  forms/*.json, forms/examples/*.json, tests/fixtures/seed*.json
  scripts/check-forms.py FILE...          these files (forms or drafts, told apart by "format")
Options:
  --forms DIR   where included forms and the forms of drafts are looked up (default: forms/)

Prints one line per problem ("FILE: WHERE: WHAT") and exits 1 when there is any.
"""
import glob
import json
import os
import re
import sys

ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FORM_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DEC_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
FIELD_TYPES = {"text", "paragraph", "integer", "decimal", "money", "percent", "date", "phone",
               "choice"}
NUMERIC_TYPES = {"integer", "decimal", "money", "percent"}
SEVERITIES = {"error", "warning", "notice"}
STATUSES = {"draft", "submitted", "returned", "approved"}

FORM_KEYS = {"format", "id", "version", "title", "settings", "parts", "sections", "rules",
             "summary"}
SECTION_KEYS = {"id", "title", "help", "items", "columns"}
TABLE_KEYS = {"id", "table", "title", "label", "help", "min_rows", "max_rows", "row_prefix",
              "columns"}
GROUP_KEYS = {"id", "group", "indent", "label", "help", "items"}
FIELD_KEYS = {"id", "type", "scale", "unit", "label", "required", "required_when", "min", "max",
              "choices", "choices_open", "choices_by", "compute", "typed", "typed_severity",
              "accept", "default", "width", "help", "carry", "carry_from", "copy_check", "meta"}
PART_KEYS = {"id", "form", "repeat", "row_prefix", "label", "help"}
RULE_KEYS = {"code", "severity", "when", "each", "for", "field", "message"}
SETTINGS_KEYS = {"reverse_rule", "tiers", "overcompletion", "grades"}

# name -> (min args, max args or None); list-taking functions take a column as their list
FUNCS = {"if": (3, 3), "round": (2, 2), "min": (1, None), "max": (1, None), "abs": (1, 1),
         "isblank": (1, 1), "coalesce": (1, None), "sum": (1, 1), "count": (1, 1),
         "sumif": (3, None), "grade": (1, 1), "text_amount": (2, 2),
         "indicator_below_last": (3, 3)}
for _f in ("indicator_score", "indicator_lo", "indicator_hi", "indicator_over",
           "indicator_applicable"):
    FUNCS[_f] = (9, 9)
LIST_FUNCS = {"sum", "count", "sumif"}
KEYWORDS = {"and", "or", "not", "true", "false"}


class Problems:
    def __init__(self):
        self.items = []

    def add(self, file, where, what):
        self.items.append(f"{file}: {where}: {what}" if where else f"{file}: {what}")


# ---------------------------------------------------------------- expressions

class ExprError(Exception):
    pass


def tokenize(src):
    toks, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if c.isspace():
            i += 1
        elif c == '"':
            j, buf = i + 1, []
            while j < n and src[j] != '"':
                if src[j] == "\\" and j + 1 < n:
                    j += 1
                buf.append(src[j])
                j += 1
            if j >= n:
                raise ExprError(f"unterminated string at {i}")
            toks.append(("str", "".join(buf), i))
            i = j + 1
        elif c.isdigit():
            m = re.match(r"[0-9]+(\.[0-9]+)?", src[i:])
            toks.append(("num", m.group(0), i))
            i += len(m.group(0))
        elif c.isalpha() or c == "_":
            m = re.match(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", src[i:])
            if not m:
                raise ExprError(f"unexpected {c!r} at {i}")
            toks.append(("name", m.group(0), i))
            i += len(m.group(0))
        else:
            for op in ("<=", ">=", "!=", "<>", "==", "&&", "||", "=", "<", ">", "+", "-", "*",
                       "/", "(", ")", ",", "!"):
                if src.startswith(op, i):
                    toks.append(("op", op, i))
                    i += len(op)
                    break
            else:
                raise ExprError(f"unexpected {c!r} at {i}")
    toks.append(("end", "", n))
    return toks


class Parser:
    """Recursive descent over the grammar of include/core/expr.h. Produces tuples:
    ("name", dotted) ("call", fname, [args]) ("lit",) ("op", [args])."""

    def __init__(self, src):
        self.toks = tokenize(src)
        self.k = 0

    def peek(self):
        return self.toks[self.k]

    def take(self, kind=None, val=None):
        t = self.toks[self.k]
        if (kind and t[0] != kind) or (val is not None and t[1] != val):
            want = val if val is not None else kind
            raise ExprError(f"expected {want!r} at {t[2]}, found {t[1] or 'the end'!r}")
        self.k += 1
        return t

    def is_op(self, *ops):
        t = self.peek()
        return (t[0] == "op" and t[1] in ops) or (t[0] == "name" and t[1] in ops)

    def parse(self):
        e = self.expr()
        self.take("end")
        return e

    def expr(self):
        e = self.and_()
        while self.is_op("or", "||"):
            self.k += 1
            e = ("op", [e, self.and_()])
        return e

    def and_(self):
        e = self.not_()
        while self.is_op("and", "&&"):
            self.k += 1
            e = ("op", [e, self.not_()])
        return e

    def not_(self):
        if self.is_op("not", "!"):
            self.k += 1
            return ("op", [self.not_()])
        return self.cmp()

    def cmp(self):
        e = self.add()
        if self.is_op("=", "==", "!=", "<>", "<", "<=", ">", ">="):
            self.k += 1
            e = ("op", [e, self.add()])
        return e

    def add(self):
        e = self.mul()
        while self.is_op("+", "-"):
            self.k += 1
            e = ("op", [e, self.mul()])
        return e

    def mul(self):
        e = self.unary()
        while self.is_op("*", "/"):
            self.k += 1
            e = ("op", [e, self.unary()])
        return e

    def unary(self):
        if self.is_op("-", "+"):
            self.k += 1
            return ("op", [self.unary()])
        return self.primary()

    def primary(self):
        t = self.peek()
        if t[0] in ("num", "str"):
            self.k += 1
            return ("lit",)
        if t[0] == "op" and t[1] == "(":
            self.k += 1
            e = self.expr()
            self.take("op", ")")
            return e
        if t[0] == "name":
            if t[1] in ("true", "false"):
                self.k += 1
                return ("lit",)
            if t[1] in KEYWORDS:
                raise ExprError(f"unexpected {t[1]!r} at {t[2]}")
            self.k += 1
            nxt = self.peek()
            if nxt[0] == "op" and nxt[1] == "(":
                if "." in t[1]:
                    raise ExprError(f"a function name has no dots: {t[1]!r}")
                self.k += 1
                args = []
                if not (self.peek()[0] == "op" and self.peek()[1] == ")"):
                    args.append(self.expr())
                    while self.peek()[0] == "op" and self.peek()[1] == ",":
                        self.k += 1
                        args.append(self.expr())
                self.take("op", ")")
                return ("call", t[1], args)
            return ("name", t[1])
        raise ExprError(f"unexpected {t[1] or 'end'!r} at {t[2]}")


# ---------------------------------------------------------------- form model

class Node:
    """A node of the value tree: kind is form, part, section, group, table, field."""

    def __init__(self, kind, id, parent, spec=None):
        self.kind, self.id, self.parent, self.spec = kind, id, parent, spec or {}
        self.kids = {}
        self.repeat = False          # table or repeated part
        self.form = None             # for form and part nodes: the form id

    def path(self):
        segs, n = [], self
        while n and n.kind != "form":
            segs.append(n.id)
            n = n.parent
        return ".".join(reversed(segs))

    def child(self, id):
        return self.kids.get(id)

    def repeat_ancestor(self):
        n = self.parent
        while n:
            if n.repeat:
                return n
            n = n.parent
        return None


def i18n_ok(obj):
    return (isinstance(obj, dict) and set(obj) <= {"zh", "en"} and
            all(isinstance(obj.get(k), str) and obj.get(k).strip() for k in ("zh", "en")))


class FormChecker:
    def __init__(self, forms_dir, probs):
        self.forms_dir = forms_dir
        self.p = probs
        self.cache = {}          # form id -> (file, json, root Node) or None

    # -------- loading
    def load(self, form_id, stack=()):
        if form_id in self.cache:
            return self.cache[form_id]
        file = os.path.join(self.forms_dir, form_id + ".json")
        if form_id in stack:
            self.p.add(file, "", "forms include each other: " + " -> ".join(stack + (form_id,)))
            return None
        if not os.path.exists(file):
            self.cache[form_id] = None
            return None
        self.cache[form_id] = None
        res = self.check_file(file, stack + (form_id,))
        self.cache[form_id] = res
        return res

    def read_json(self, file):
        try:
            with open(file, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            self.p.add(file, "", f"cannot read: {e}")
            return None

        def no_dups(pairs):
            seen = set()
            for k, _ in pairs:
                if k in seen:
                    raise ValueError(f"duplicate key {k!r}")
                seen.add(k)
            return dict(pairs)
        try:
            return json.loads(text, object_pairs_hook=no_dups,
                              parse_float=lambda s: float(s), parse_int=lambda s: int(s))
        except ValueError as e:
            self.p.add(file, "", f"not valid JSON: {e}")
            return None

    # -------- structure
    def check_file(self, file, stack=()):
        f = self.read_json(file)
        if f is None:
            return None
        if not isinstance(f, dict):
            self.p.add(file, "", "a form is a JSON object")
            return None
        add = lambda where, what: self.p.add(file, where, what)
        for k in f:
            if k not in FORM_KEYS:
                add(k, "unknown key")
        if f.get("format") != "selfeval-form/1":
            add("format", f"expected \"selfeval-form/1\", found {f.get('format')!r}")
        fid = f.get("id")
        if not isinstance(fid, str) or not FORM_ID_RE.match(fid):
            add("id", f"form id must match [a-z][a-z0-9_]*: {fid!r}")
        elif os.path.basename(file) != fid + ".json" and "examples" not in file:
            add("id", f"form id {fid!r} does not match the file name")
        if not isinstance(f.get("version"), str) or not f.get("version"):
            add("version", "expected a non-empty string")
        if not i18n_ok(f.get("title")):
            add("title", "expected {\"zh\": …, \"en\": …} with both texts")
        if "settings" in f:
            self.check_settings(file, f["settings"])
        root = Node("form", fid, None, f)
        root.form = fid
        seen = set()
        for i, part in enumerate(f.get("parts", []) or []):
            self.check_part(file, root, part, f"parts[{i}]", seen, stack)
        secs = f.get("sections")
        if not isinstance(secs, list):
            add("sections", "expected a list")
            secs = []
        for i, s in enumerate(secs):
            self.check_section(file, root, s, f"sections[{i}]", seen)
        res = (file, f, root)
        self.cache[fid] = res
        self.check_exprs(file, f, root)
        self.check_rules(file, f, root)
        return res

    def check_settings(self, file, s):
        add = lambda where, what: self.p.add(file, "settings." + where if where else "settings", what)
        if not isinstance(s, dict):
            add("", "expected an object")
            return
        for k in s:
            if k not in SETTINGS_KEYS:
                add(k, "unknown key")
        if "reverse_rule" in s and s["reverse_rule"] not in ("ratio", "linear"):
            add("reverse_rule", "expected \"ratio\" or \"linear\"")
        if "overcompletion" in s and not (isinstance(s["overcompletion"], str) and DEC_RE.match(s["overcompletion"])):
            add("overcompletion", "expected decimal text")
        for key, bounds in (("tiers", ("lo", "hi")), ("grades", ("min",))):
            lst = s.get(key, [])
            if not isinstance(lst, list):
                add(key, "expected a list")
                continue
            for i, t in enumerate(lst):
                if not isinstance(t, dict) or not isinstance(t.get("name"), str):
                    add(f"{key}[{i}]", "expected an object with a name")
                    continue
                for k in t:
                    if k not in ("name", "label") + bounds:
                        add(f"{key}[{i}].{k}", "unknown key")
                for b in bounds:
                    if not (isinstance(t.get(b), str) and DEC_RE.match(t[b])):
                        add(f"{key}[{i}].{b}", "expected decimal text")

    def check_id(self, file, where, obj, seen):
        id = obj.get("id") if isinstance(obj, dict) else None
        if not isinstance(id, str) or not ID_RE.match(id):
            self.p.add(file, where, f"id must match [A-Za-z_][A-Za-z0-9_]*: {id!r}")
            return None
        if id in seen:
            self.p.add(file, where, f"duplicate id {id!r} among its siblings")
        seen.add(id)
        return id

    def check_part(self, file, root, part, where, seen, stack):
        add = lambda what: self.p.add(file, where, what)
        id = self.check_id(file, where, part, seen)
        if id is None:
            return
        for k in part:
            if k not in PART_KEYS:
                add(f"unknown key {k!r}")
        if not i18n_ok(part.get("label")):
            add("label: expected {\"zh\": …, \"en\": …}")
        node = Node("part", id, root, part)
        node.repeat = part.get("repeat") is True
        if "repeat" in part and not isinstance(part["repeat"], bool):
            add("repeat: expected true or false")
        if node.repeat and not (isinstance(part.get("row_prefix"), str) and ID_RE.match(part["row_prefix"])):
            add("a repeated part needs a row_prefix")
        root.kids[id] = node
        inc = self.load(part.get("form", ""), stack) if isinstance(part.get("form"), str) else None
        if inc is None:
            add(f"form {part.get('form')!r}: no such form in {self.forms_dir}")
            return
        node.form = part["form"]
        # the included form's tree, grafted under the part
        for k, kid in inc[2].kids.items():
            node.kids[k] = graft(kid, node)

    def check_section(self, file, root, s, where, seen):
        add = lambda what: self.p.add(file, where, what)
        id = self.check_id(file, where, s, seen)
        if id is None:
            return
        if s.get("table") is True:
            self.check_table(file, root, s, where, id)
            return
        for k in s:
            if k not in SECTION_KEYS:
                add(f"unknown key {k!r}")
        if not i18n_ok(s.get("title")):
            add("title: expected {\"zh\": …, \"en\": …}")
        if "help" in s and not i18n_ok(s["help"]):
            add("help: expected {\"zh\": …, \"en\": …}")
        node = Node("section", id, root, s)
        root.kids[id] = node
        cols = s.get("columns")
        if cols is not None:
            if not isinstance(cols, list) or not cols:
                add("columns: expected a non-empty list of fields")
                cols = []
            cseen = set()
            for i, c in enumerate(cols):
                self.check_field(file, f"{where}.columns[{i}]", c, cseen)
        items = s.get("items")
        if not isinstance(items, list):
            add("items: expected a list")
            return
        iseen = set()
        for i, it in enumerate(items):
            w = f"{where}.items[{i}]({it.get('id') if isinstance(it, dict) else '?'})"
            if not isinstance(it, dict):
                self.p.add(file, w, "expected an object")
                continue
            if it.get("group") is True:
                gid = self.check_id(file, w, it, iseen)
                if gid is None:
                    continue
                for k in it:
                    if k not in GROUP_KEYS:
                        self.p.add(file, w, f"unknown key {k!r}")
                if not i18n_ok(it.get("label")):
                    self.p.add(file, w, "label: expected {\"zh\": …, \"en\": …}")
                if "indent" in it and not (isinstance(it["indent"], int) and not isinstance(it["indent"], bool) and 0 <= it["indent"] <= 4):
                    self.p.add(file, w, "indent: expected a small integer")
                g = Node("group", gid, node, it)
                node.kids[gid] = g
                own = it.get("items")
                if own is None:
                    if cols is None:
                        self.p.add(file, w, "a group needs its own items or the section's columns")
                    for c in cols or []:
                        if isinstance(c, dict) and isinstance(c.get("id"), str):
                            g.kids[c["id"]] = Node("field", c["id"], g, c)
                else:
                    fseen = set()
                    for j, f in enumerate(own if isinstance(own, list) else []):
                        fid = self.check_field(file, f"{w}.items[{j}]", f, fseen)
                        if fid:
                            g.kids[fid] = Node("field", fid, g, f)
            elif it.get("table") is True:
                tid = self.check_id(file, w, it, iseen)
                if tid:
                    iseen.discard(tid)
                    self.check_table(file, node, it, w, tid, iseen)
            else:
                fid = self.check_field(file, w, it, iseen)
                if fid:
                    node.kids[fid] = Node("field", fid, node, it)

    def check_table(self, file, parent, t, where, id, seen=None):
        add = lambda what: self.p.add(file, where, what)
        if seen is not None:
            if id in seen:
                add(f"duplicate id {id!r} among its siblings")
            seen.add(id)
        for k in t:
            if k not in TABLE_KEYS:
                add(f"unknown key {k!r}")
        if not (i18n_ok(t.get("title")) or i18n_ok(t.get("label"))):
            add("a table needs a title (as a section) or a label (in items)")
        for k in ("min_rows", "max_rows"):
            if k in t and not (isinstance(t[k], int) and not isinstance(t[k], bool) and t[k] >= 0):
                add(f"{k}: expected an integer >= 0")
        if not (isinstance(t.get("row_prefix"), str) and ID_RE.match(t["row_prefix"])):
            add("row_prefix: expected a short id such as \"r\"")
        node = Node("table", id, parent, t)
        node.repeat = True
        parent.kids[id] = node
        cols = t.get("columns")
        if not isinstance(cols, list) or not cols:
            add("columns: expected a non-empty list of fields")
            return
        cseen = set()
        for i, c in enumerate(cols):
            fid = self.check_field(file, f"{where}.columns[{i}]", c, cseen)
            if fid:
                node.kids[fid] = Node("field", fid, node, c)

    def check_field(self, file, where, f, seen):
        id = self.check_id(file, where, f, seen)
        if id is None:
            return None
        add = lambda what: self.p.add(file, where, what)
        for k in f:
            if k not in FIELD_KEYS:
                add(f"unknown key {k!r}")
        ty = f.get("type")
        if ty not in FIELD_TYPES:
            add(f"type: {ty!r} is not one of {', '.join(sorted(FIELD_TYPES))}")
        if not i18n_ok(f.get("label")):
            add("label: expected {\"zh\": …, \"en\": …}")
        if "help" in f and not i18n_ok(f["help"]):
            add("help: expected {\"zh\": …, \"en\": …}")
        for k in ("scale", "width"):
            if k in f and not (isinstance(f[k], int) and not isinstance(f[k], bool) and 0 <= f[k] <= 200):
                add(f"{k}: expected a small integer")
        for k in ("min", "max"):
            if k in f:
                if not (isinstance(f[k], str) and DEC_RE.match(f[k])):
                    add(f"{k}: expected decimal text such as \"0\"")
                elif ty not in NUMERIC_TYPES:
                    add(f"{k}: only numeric fields have a range")
        if "carry" in f and f["carry"] not in (True, False, "next_year"):
            add("carry: expected true, false or \"next_year\"")
        if "carry_from" in f and not isinstance(f["carry_from"], str):
            add("carry_from: expected the id of a field beside it")
        if "meta" in f and f["meta"] not in ("unit", "year"):
            add("meta: expected \"unit\" or \"year\"")
        for k in ("unit", "default"):
            if k in f and not isinstance(f[k], str):
                add(f"{k}: expected a string")
        for k in ("required", "typed_severity"):
            if k in f and f[k] not in ("error", "warning", "notice" if k == "typed_severity" else "error"):
                add(f"{k}: expected \"error\" or \"warning\"")
        if "typed" in f:
            if f["typed"] not in ("compare", "override"):
                add("typed: expected \"compare\" or \"override\"")
            if "compute" not in f:
                add("typed: only computed fields have a typed figure")
        if "accept" in f:
            a = f["accept"]
            if f.get("typed") != "override":
                add("accept: only with typed \"override\"")
            if not (isinstance(a, list) and len(a) == 2 and all(isinstance(x, str) for x in a)):
                add("accept: expected [lo, hi], two expressions")
        for k in ("compute", "required_when"):
            if k in f and not (isinstance(f[k], str) and f[k].strip()):
                add(f"{k}: expected an expression")
        if "choices_open" in f and not isinstance(f["choices_open"], bool):
            add("choices_open: expected true or false")
        if "choices" in f:
            ch = f["choices"]
            if not isinstance(ch, list) or not ch:
                add("choices: expected a non-empty list")
            else:
                vals = [choice_value(c) for c in ch]
                if any(v is None for v in vals):
                    add("choices: each is a string or {\"value\": …, \"en\": …}")
                if len(set(vals)) != len(vals):
                    add("choices: duplicate values")
        if "choices_by" in f:
            cb = f["choices_by"]
            if not (isinstance(cb, dict) and isinstance(cb.get("field"), str) and isinstance(cb.get("map"), dict)):
                add("choices_by: expected {\"field\": …, \"map\": {…}}")
            else:
                for key, lst in cb["map"].items():
                    if not isinstance(lst, list) or any(choice_value(c) is None for c in lst):
                        add(f"choices_by.map[{key!r}]: expected a list of choices")
        if ty == "choice" and "choices" not in f and "choices_by" not in f:
            add("a choice field needs choices or choices_by")
        if "default" in f and ty in NUMERIC_TYPES and not num_text_ok(f["default"], ty):
            add(f"default: {f['default']!r} is not a {ty}")
        return id

    # -------- names in expressions
    def resolve(self, root, ctx, dotted):
        """ctx: the node the expression is written on (a field, a table for `each`, the root).
        Returns (node, is_list) or (None, False)."""
        segs = dotted.split(".")
        tries = []
        table = ctx if ctx.kind == "table" else (ctx.repeat_ancestor() if ctx.kind == "field" else None)
        if table is not None and table.kind == "table" and len(segs) == 1:
            tries.append(table)
        sec = ctx
        while sec is not None and sec.kind not in ("section",):
            sec = sec.parent
        if sec is not None:
            tries.append(sec)
        # the root of the form the expression was written in (a part's form when inside a part)
        form_root = ctx
        while form_root.parent is not None and form_root.kind != "part":
            form_root = form_root.parent
        tries.append(form_root)
        if form_root is not root:
            tries.append(root)
        for base in tries:
            n = base
            for s in segs:
                n = n.child(s) if n is not None else None
            if n is not None:
                # a list when a table or a repeated part lies between the base and the node
                # (inside a table row or a repeated part's instance, the base is that repeat)
                rep, m = False, n
                while m is not None and m is not base:
                    rep = rep or m.repeat
                    m = m.parent
                return n, rep
        return None, False

    def check_expr(self, file, where, src, root, ctx, deps=None):
        try:
            tree = Parser(src).parse()
        except ExprError as e:
            self.p.add(file, where, f"expression {src!r}: {e}")
            return

        def walk(e, list_ok):
            if e[0] == "name":
                n, is_list = self.resolve(root, ctx, e[1])
                if n is None:
                    self.p.add(file, where, f"unknown name {e[1]!r}")
                elif n.kind not in ("field", "table"):
                    self.p.add(file, where, f"{e[1]!r} names a {n.kind}, not a field")
                elif n.kind == "table" and not list_ok:
                    self.p.add(file, where, f"{e[1]!r} is a table: only count takes it")
                elif is_list and not list_ok:
                    self.p.add(file, where, f"{e[1]!r} is a list: only sum, sumif and count take it")
                elif deps is not None and n.kind == "field":
                    deps.add(n)
            elif e[0] == "call":
                name, args = e[1], e[2]
                if name not in FUNCS:
                    self.p.add(file, where, f"unknown function {name!r}")
                else:
                    lo, hi = FUNCS[name]
                    if len(args) < lo or (hi is not None and len(args) > hi):
                        self.p.add(file, where, f"{name}() takes {lo}{'' if hi == lo else '+' if hi is None else '..' + str(hi)} arguments, not {len(args)}")
                for a in args:
                    walk(a, name in LIST_FUNCS and a[0] == "name")
            elif e[0] == "op":
                for a in e[1]:
                    walk(a, False)
        walk(tree, False)

    def check_exprs(self, file, f, root):
        """Computes, required_when, accept of every field defined in this form (not in parts)."""
        graph = {}

        def visit(node):
            for kid in node.kids.values():
                if kid.kind == "part":
                    continue
                if kid.kind == "field" and kid.parent.kind != "part":
                    spec = kid.spec
                    where = kid.path()
                    if "compute" in spec and isinstance(spec["compute"], str):
                        deps = set()
                        self.check_expr(file, where + ": compute", spec["compute"], root, kid, deps)
                        graph[kid] = deps
                    if isinstance(spec.get("required_when"), str):
                        self.check_expr(file, where + ": required_when", spec["required_when"], root, kid)
                    for a in spec.get("accept", []) if isinstance(spec.get("accept"), list) else []:
                        if isinstance(a, str):
                            self.check_expr(file, where + ": accept", a, root, kid)
                    cb = spec.get("choices_by")
                    if isinstance(cb, dict) and isinstance(cb.get("field"), str):
                        if kid.parent.child(cb["field"]) is None:
                            self.p.add(file, where, f"choices_by: no field {cb['field']!r} beside it")
                visit(kid)
        visit(root)
        # cycles among computed fields
        state = {}

        def dfs(n, trail):
            state[n] = 1
            for d in graph.get(n, ()):
                if state.get(d) == 1:
                    cyc = trail[trail.index(d):] + [d] if d in trail else [n, d]
                    self.p.add(file, "", "cycle: " + " -> ".join(x.path() for x in cyc))
                elif d not in state:
                    dfs(d, trail + [d])
            state[n] = 2
        for n in graph:
            if n not in state:
                dfs(n, [n])

    def check_rules(self, file, f, root):
        rules = f.get("rules", [])
        if not isinstance(rules, list):
            self.p.add(file, "rules", "expected a list")
            return
        for i, r in enumerate(rules):
            where = f"rules[{i}]({r.get('code') if isinstance(r, dict) else '?'})"
            add = lambda what: self.p.add(file, where, what)
            if not isinstance(r, dict):
                add("expected an object")
                continue
            for k in r:
                if k not in RULE_KEYS:
                    add(f"unknown key {k!r}")
            if not (isinstance(r.get("code"), str) and re.match(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", r["code"])):
                add("code: expected a dotted lower-case code such as \"basic.sangong_sum\"")
            if r.get("severity") not in SEVERITIES:
                add("severity: expected error, warning or notice")
            if not isinstance(r.get("when"), str):
                add("when: expected an expression")
                continue
            msg = r.get("message")
            if not i18n_ok(msg):
                add("message: expected {\"zh\": …, \"en\": …}")
                msg = {}
            ctx = root
            if "each" in r:
                t = root
                for s in str(r["each"]).split("."):
                    t = t.child(s) if t else None
                if t is None or t.kind != "table":
                    add(f"each: {r['each']!r} is not a table")
                    continue
                ctx = t
            copies = [{}]
            if "for" in r:
                fv = r["for"]
                if not (isinstance(fv, dict) and fv and all(k.startswith("$") and isinstance(v, list) and v for k, v in fv.items())):
                    add("for: expected {\"$var\": [values], …}")
                    continue
                lens = {len(v) for v in fv.values()}
                if len(lens) != 1:
                    add("for: every list must have the same length")
                    continue
                names = sorted(fv, key=len, reverse=True)
                for a in names:
                    for b in names:
                        if a != b and b.startswith(a):
                            add(f"for: {a!r} is a prefix of {b!r}")
                copies = [{k: fv[k][j] for k in fv} for j in range(lens.pop())]

            def subst(s, env):
                for k in sorted(env, key=len, reverse=True):
                    s = s.replace(k, str(env[k]))
                return s
            for env in copies:
                tag = where + (f"[{', '.join(f'{k}={v}' for k, v in env.items())}]" if env else "")
                self.check_expr(file, tag + ": when", subst(r["when"], env), root, ctx)
                if "field" in r:
                    fld = subst(str(r["field"]), env)
                    n, _ = self.resolve(root, ctx, fld)
                    if n is None or n.kind != "field":
                        self.p.add(file, tag, f"field: {fld!r} is not a field")
                for lang in ("zh", "en"):
                    text = msg.get(lang, "")
                    for ph in placeholders(text, file, tag, self.p):
                        self.check_expr(file, f"{tag}: message.{lang}", subst(ph, env), root, ctx)
                    if "$" in subst(text, env):
                        self.p.add(file, tag, f"message.{lang}: a $ variable is left unreplaced")


def placeholders(text, file, where, probs):
    out, i = [], 0
    while True:
        a = text.find("{", i)
        if a < 0:
            return out
        # the closing brace, skipping string literals
        j, instr = a + 1, False
        while j < len(text):
            c = text[j]
            if instr:
                if c == "\\":
                    j += 1
                elif c == '"':
                    instr = False
            elif c == '"':
                instr = True
            elif c == "}":
                break
            j += 1
        if j >= len(text):
            probs.add(file, where, "message: a '{' without its '}'")
            return out
        out.append(text[a + 1:j])
        i = j + 1


def choice_value(c):
    if isinstance(c, str):
        return c
    if isinstance(c, dict) and isinstance(c.get("value"), str) and set(c) <= {"value", "en", "zh"}:
        return c["value"]
    return None


def num_text_ok(s, ty):
    """Loose: the engine parses numbers (core/numparse); this only catches slips."""
    s = s.strip().replace(",", "").replace(" ", "")
    if ty == "percent":
        s = s[:-1] if s.endswith("%") else s
    if ty == "money":
        s = re.sub(r"(万元|亿元|元)$", "", s)
    if ty == "integer":
        return re.match(r"^-?[0-9]+$", s) is not None
    return re.match(r"^-?[0-9]+(\.[0-9]+)?$", s) is not None


def graft(node, parent):
    n = Node(node.kind, node.id, parent, node.spec)
    n.repeat, n.form = node.repeat, node.form
    for k, kid in node.kids.items():
        n.kids[k] = graft(kid, n)
    return n


# ---------------------------------------------------------------- drafts

DRAFT_KEYS = ["format", "form", "meta", "values", "overrides", "comments", "history"]
META_KEYS = {"unit", "year", "status", "created", "modified", "author"}
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")


def check_draft(fc, file, d):
    p = fc.p
    add = lambda where, what: p.add(file, where, what)
    m = re.match(r"^selfeval-draft/(\d+)\.(\d+)$", str(d.get("format")))
    if not m or m.group(1) != "1":
        add("format", f"expected \"selfeval-draft/1.N\", found {d.get('format')!r}")
    form = d.get("form")
    if not (isinstance(form, dict) and isinstance(form.get("id"), str) and isinstance(form.get("version"), str)):
        add("form", "expected {\"id\": …, \"version\": …} (strings)")
        return
    loaded = fc.load(form["id"])
    if loaded is None:
        add("form.id", f"no form {form['id']!r} in {fc.forms_dir}")
        return
    if loaded[1].get("version") != form["version"]:
        add("form.version", f"{form['version']!r}, the form is {loaded[1].get('version')!r}")
    meta = d.get("meta", {})
    if not isinstance(meta, dict):
        add("meta", "expected an object")
        meta = {}
    for k in META_KEYS:
        if k in meta and not isinstance(meta[k], str):
            add(f"meta.{k}", "expected a string")
    if meta.get("status", "draft") not in STATUSES:
        add("meta.status", f"{meta.get('status')!r} is not one of {', '.join(sorted(STATUSES))}")
    for k in ("created", "modified"):
        if isinstance(meta.get(k), str) and not ISO_RE.match(meta[k]):
            add(f"meta.{k}", "expected ISO 8601 with an offset, e.g. 2026-04-27T09:30:00+08:00")
    order = [k for k in d if k in DRAFT_KEYS]
    if order != [k for k in DRAFT_KEYS if k in d]:
        add("", "keys out of the documented order: " + ", ".join(order))
    values = d.get("values")
    if not isinstance(values, dict):
        add("values", "expected an object")
        return
    root = loaded[2]
    paths = {}
    check_values(fc, file, root, values, "", paths)
    ov = d.get("overrides", {})
    if not isinstance(ov, dict):
        add("overrides", "expected an object")
        ov = {}
    for path, o in ov.items():
        spec = paths.get(path)
        if spec is None:
            add(f"overrides[{path!r}]", "no such field in the draft")
        elif spec.get("typed") != "override":
            add(f"overrides[{path!r}]", "the field's figure cannot be overridden")
        if not (isinstance(o, dict) and isinstance(o.get("reason"), str) and o["reason"].strip()):
            add(f"overrides[{path!r}]", "expected {\"reason\": …}")
    cm = d.get("comments", [])
    ids = set()
    for i, c in enumerate(cm if isinstance(cm, list) else []):
        if not isinstance(c, dict):
            add(f"comments[{i}]", "expected an object")
            continue
        if c.get("id") in ids:
            add(f"comments[{i}]", f"duplicate id {c.get('id')!r}")
        ids.add(c.get("id"))
        if c.get("path") not in paths and c.get("path") != "":
            add(f"comments[{i}]", f"path {c.get('path')!r}: no such field")
        if not isinstance(c.get("resolved", False), bool):
            add(f"comments[{i}].resolved", "expected true or false")
    for i, h in enumerate(d.get("history", []) or []):
        if not (isinstance(h, dict) and h.get("status") in STATUSES):
            add(f"history[{i}]", "expected {\"status\": draft|submitted|returned|approved, …}")


def check_values(fc, file, node, obj, prefix, paths):
    add = lambda where, what: fc.p.add(file, where, what)
    if not isinstance(obj, dict):
        add(prefix or "values", f"expected an object for {node.kind} {node.id!r}")
        return
    for key, val in obj.items():
        path = f"{prefix}.{key}" if prefix else key
        kid = node.child(key)
        if kid is None:
            add(path, f"no {key!r} in the form here")
            continue
        if kid.kind == "field":
            spec = kid.spec
            if not isinstance(val, str):
                add(path, "expected a string (amounts are stored as text)")
                continue
            paths[path] = spec
            check_leaf(fc, file, path, kid, val, obj)
        elif kid.repeat:
            if not isinstance(val, list):
                add(path, "expected an array of rows")
                continue
            prefix_id = kid.spec.get("row_prefix", "r")
            seen = set()
            for i, row in enumerate(val):
                if not isinstance(row, dict) or not isinstance(row.get("_id"), str):
                    add(f"{path}[{i + 1}]", "a row is an object with a string \"_id\"")
                    continue
                rid = row["_id"]
                if rid in seen:
                    add(f"{path}[{i + 1}]", f"duplicate row id {rid!r}")
                seen.add(rid)
                if not re.match(rf"^{re.escape(prefix_id)}[1-9][0-9]*$", rid):
                    add(f"{path}[{i + 1}]", f"row id {rid!r}: expected {prefix_id}1, {prefix_id}2, …")
                rest = {k: v for k, v in row.items() if k != "_id"}
                check_values(fc, file, kid, rest, f"{path}.{rid}", paths)
        else:
            check_values(fc, file, kid, val, path, paths)


def check_leaf(fc, file, path, node, val, siblings):
    add = lambda what: fc.p.add(file, path, what)
    spec = node.spec
    ty = spec.get("type")
    if "\u0000" in val:
        add("contains U+0000")
    if "compute" in spec and "typed" not in spec:
        add("a computed field without \"typed\" holds no value in a draft")
    if val == "":
        return
    if ty == "choice":
        allowed = None
        if "choices" in spec:
            allowed = [choice_value(c) for c in spec["choices"]]
        elif "choices_by" in spec:
            key = siblings.get(spec["choices_by"]["field"], "")
            allowed = [choice_value(c) for c in spec["choices_by"]["map"].get(key, [])] or None
        if allowed is not None and val not in allowed:
            what = f"{val!r} is not one of {', '.join(allowed)}"
            if not spec.get("choices_open"):
                add(what)
    elif ty in NUMERIC_TYPES and not num_text_ok(val, ty):
        add(f"{val!r} is not a {ty} (a transcription slip?)")
    elif ty == "date" and not DATE_RE.match(val.replace(" ", "")):
        add(f"{val!r} is not a date (2026-04-27, 2026年4月27日, 2026/4/27)")


DATE_RE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日|\d{4}/\d{1,2}/\d{1,2})$")


# ---------------------------------------------------------------- main

def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(here)
    forms_dir = os.path.join(top, "forms")
    files = []
    i = 1
    while i < len(argv):
        if argv[i] == "--forms" and i + 1 < len(argv):
            forms_dir = argv[i + 1]
            i += 2
            continue
        if argv[i] in ("-h", "--help"):
            print(__doc__)
            return 0
        files.append(argv[i])
        i += 1
    if not files:
        files = (sorted(glob.glob(os.path.join(forms_dir, "*.json"))) +
                 sorted(glob.glob(os.path.join(forms_dir, "examples", "*.json"))) +
                 sorted(glob.glob(os.path.join(top, "tests", "fixtures", "seed*.json"))))
    probs = Problems()
    fc = FormChecker(forms_dir, probs)
    nforms = ndrafts = 0
    for file in files:
        obj = fc.read_json(file)
        if obj is None:
            continue
        fmt = obj.get("format", "") if isinstance(obj, dict) else ""
        if isinstance(fmt, str) and fmt.startswith("selfeval-form/"):
            nforms += 1
            fid = obj.get("id")
            in_dir = os.path.dirname(os.path.abspath(file)) == os.path.abspath(forms_dir)
            if in_dir and isinstance(fid, str) and os.path.basename(file) == fid + ".json":
                fc.load(fid)          # once, however many forms include it
            else:
                fc.check_file(file)
        elif isinstance(fmt, str) and fmt.startswith("selfeval-draft/"):
            ndrafts += 1
            check_draft(fc, file, obj)
        else:
            probs.add(file, "format", "neither a form (selfeval-form/…) nor a draft (selfeval-draft/…)")
    for line in dict.fromkeys(probs.items):
        print(line)
    n = len(dict.fromkeys(probs.items))
    print(f"check-forms: {nforms} forms, {ndrafts} drafts, {n} problem{'s' if n != 1 else ''}",
          file=sys.stderr)
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

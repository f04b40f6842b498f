/* selfeval: the one entry point. Dispatches a subcommand (check, new, recover, forms,
 * export, collect, submit, return, approve, recheck, history, verify) or
 * opens the editor on a draft file (`selfeval FILE`, `selfeval edit FILE`). */
#include "cli/cli.h"
#include "tui/tui.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef SELFEVAL_VERSION
#define SELFEVAL_VERSION "0.0.0-dev"
#endif

static const char HELP[] =
    "Usage:\n"
    "  selfeval [EDITOR OPTIONS] DRAFT     open a draft in the editor\n"
    "                                      (a file that does not exist: a new draft)\n"
    "  selfeval edit [EDITOR OPTIONS] DRAFT\n"
    "                                      the same\n"
    "  selfeval check [--json] [--english] [-j N] [--last LAST]... DRAFT|DIR...\n"
    "                                      compute and check drafts, no editor\n"
    "  selfeval summary [--csv|--json] [--bom] [-o FILE] [-j N] DIR|FILE...\n"
    "                                      one row per table of many drafts\n"
    "  selfeval new FORM -o FILE [--force] write an empty draft of a form\n"
    "  selfeval new --from LAST -o FILE [--force]\n"
    "                                      last year's draft carried over\n"
    "  selfeval export DRAFT [--format xlsx|txt|csv|md] [-o FILE] [--force] [--bom]\n"
    "                                      the tables as filed: a workbook, boxed\n"
    "                                      text, CSV files or the report in Markdown\n"
    "  selfeval recover DRAFT [--apply|--discard|--keep-both] [--review]\n"
    "                                      recover the unsaved changes of an\n"
    "                                      interrupted editing (or, --review,\n"
    "                                      reviewing) session\n"
    "  selfeval review [--english] [--no-mouse] [--last LAST]... DIR\n"
    "                                      the reviewer's inbox: a line per\n"
    "                                      submission, each opened for review\n"
    "  selfeval review DIR --list [--sort COL] [--status S] [--errors]\n"
    "                  [--open-queries] [--unit TEXT] [--json] [-j N]\n"
    "                  [--last LAST]...\n"
    "                                      the same rows printed (docs/review.md)\n"
    "  selfeval submit DRAFT [--by NAME]   submit a draft (refused while it has errors)\n"
    "  selfeval return DRAFT --reason TEXT [--by NAME]\n"
    "                                      return a submission, saying why\n"
    "  selfeval approve DRAFT... [--by NAME]\n"
    "                                      approve submissions\n"
    "  selfeval recheck DRAFT... [--by NAME]\n"
    "                                      record a re-check (复核) of approved drafts\n"
    "  selfeval history DRAFT              the status changes, with their sha256\n"
    "  selfeval verify DRAFT               exit 0 when the values are those approved\n"
    "                                      (or submitted), else 1 naming the fields\n"
    "  selfeval query DRAFT PATH --text TEXT [--by NAME]\n"
    "                                      a reviewer's query on a field (PATH \"\":\n"
    "                                      the whole draft); prints its id (q1, …)\n"
    "  selfeval answer DRAFT QID --text TEXT [--by NAME]\n"
    "                                      the clerk's answer to a query\n"
    "  selfeval note|reopen DRAFT QID --text TEXT [--by NAME]\n"
    "  selfeval close DRAFT QID [--text TEXT] [--by NAME]\n"
    "                                      the reviewer adds to, reopens, closes a query\n"
    "  selfeval queries DRAFT [--open]     the queries and their threads\n"
    "  selfeval recheck-score DRAFT PATH --score S [--actual A] [--reason R]\n"
    "                         [--by NAME] | --clear\n"
    "                                      a re-checked score (复核得分) of a score field\n"
    "  selfeval rechecks DRAFT             re-checked scores, 自评总分, 复核总分, 偏差\n"
    "  selfeval forms [--english]          list the installed forms\n"
    "  selfeval collect --db TARGET DIR|FILE...\n"
    "                                      put drafts into a SQLite file or a\n"
    "                                      PostgreSQL database\n"
    "  selfeval --keys                     the editor's keys as Markdown\n"
    "  selfeval --help | --version\n"
    "\n"
    "Editor options:\n"
    "  --readonly           look without changing anything\n"
    "  --review             review a submission: the clerk's values are locked; query\n"
    "                       fields, re-check scores, return or approve (keys: F1)\n"
    "  --form=ID            the form of a new draft (see 'selfeval forms')\n"
    "  --ambiguous=narrow|wide|auto\n"
    "                       width of ambiguous characters such as \u2265 \u201c \u201d \u2460\n"
    "                       (wide: CJK terminals; auto: measured on the terminal)\n"
    "  --english            English screens (default: from the locale)\n"
    "  --no-mouse           leave the mouse to the terminal (plain drag selects text;\n"
    "                       with the mouse on, most terminals select with Shift-drag)\n"
    "\n"
    "check:\n"
    "  Prints every computed figure (execution rate, scores, totals, grade) and\n"
    "  every finding (severity, code, field, message), then one summary line per\n"
    "  draft.\n"
    "  --json        one JSON document on standard output (docs/check-json.md)\n"
    "  --english     English labels and messages (default: Chinese when the\n"
    "                locale is zh*, else English)\n"
    "  -j N, --jobs N\n"
    "                check N drafts at once (default: one per processor);\n"
    "                the output keeps the order of the names\n"
    "  --last LAST   last year's draft: a target below its actual is a red flag\n"
    "                (several drafts or a folder compare years and texts by\n"
    "                themselves: docs/review-flags.md)\n"
    "\n"
    "summary:\n"
    "  One row per table (file, unit, year, form, table, name, budgets,\n"
    "  execution, rate, total, grade, finding counts, status, modified, sha256)\n"
    "  of every draft named; a folder stands for every *.json below it, sorted\n"
    "  by path. A file that cannot be read is a row with its reason (exit 1).\n"
    "  --csv         CSV, RFC 4180, UTF-8 (the default)\n"
    "  --json        one JSON document (docs/summary.md)\n"
    "  --bom         start the CSV with a byte order mark (spreadsheets on Windows)\n"
    "  -o FILE, --output FILE\n"
    "                write to FILE instead of standard output\n"
    "  -j N, --jobs N\n"
    "                read N drafts at once (default: one per processor)\n"
    "\n"
    "collect:\n"
    "  Every submission, table, indicator row, figure and finding of the drafts\n"
    "  (folders: every *.json below them) into the bureau's database\n"
    "  (docs/database.md), in one transaction; collecting a submission again\n"
    "  replaces its rows. Exit 1 when some files could not be read (they are\n"
    "  recorded with the reason), 2 when the database failed (nothing changed).\n"
    "  --db FILE     a SQLite database file (made when missing)\n"
    "  --db postgresql://[USER@][HOST][/DB][?host=SOCKET_DIR&...]\n"
    "                a PostgreSQL database (libpq URL)\n"
    "  -q, --quiet   no closing line on standard output\n"
    "\n"
    "new:\n"
    "  -o FILE, --output FILE\n"
    "                the draft to write (saved atomically)\n"
    "  --force       replace an existing FILE (the old one is kept as FILE~)\n"
    "  --from LAST   start from last year's draft: units, projects and indicator\n"
    "                rows, targets and weights copied; actuals, scores, reasons,\n"
    "                overrides, comments and history cleared; the year moves on;\n"
    "                each row keeps last year's actual (上年实际)\n"
    "\n"
    "export:\n"
    "  --format F    xlsx (one sheet per table), txt (box lines), csv (one file\n"
    "                per table; -o names a folder) or md (the report with the\n"
    "                tables as attachments); default from -o's extension, else xlsx\n"
    "  -o FILE, --output FILE\n"
    "                where it goes (default: beside the draft, DRAFT.xlsx …)\n"
    "  --force       replace an existing FILE\n"
    "  --bom         csv: begin each file with a UTF-8 byte order mark\n"
    "  A draft with errors is exported, its findings on a table of their own.\n"
    "\n"
    "review:\n"
    "  One row per submission below DIR: file, unit, form, year, total, grade,\n"
    "  errors, warnings, open queries, red flags, status, modified.\n"
    "  --list        print the rows (tab-separated, a header first) instead of\n"
    "                opening the inbox screen\n"
    "  --sort COL    sort by a column (-COL: downwards); several: the first leads\n"
    "  --status S    only submissions of that status (draft, submitted, returned,\n"
    "                approved, rechecked)\n"
    "  --errors      only submissions with errors (unreadable files too)\n"
    "  --open-queries  only submissions with open queries\n"
    "  --unit TEXT   only units whose name contains TEXT\n"
    "  --json        one JSON document\n"
    "  --last LAST   last year's draft, compared with as check --last compares\n"
    "                it: a target below its actual is a red flag (screen too)\n"
    "\n"
    "recover:\n"
    "  Without a choice, describes the journal (how many changes, when), exits 1.\n"
    "  --apply       replay the changes into the draft and save it\n"
    "  --discard     set the changes aside (the journal is renamed, not deleted)\n"
    "  --keep-both   write the recovered draft beside the draft; leave the draft\n"
    "\n"
    "Environment:\n"
    "  SELFEVAL_FORMS   the folder of form definitions\n"
    "                   (default: the installed forms, else ./forms)\n"
    "  LC_ALL, LANG     zh*: Chinese labels and messages\n"
    "\n"
    "Exit status: 0 success (check: no error finding), 1 needs attention (an error\n"
    "finding, a choice to make), 2 bad input (unknown command or option, missing or\n"
    "unreadable file, form not installed). See selfeval(1).\n";

static const char *const COMMANDS[] = {"check",   "summary", "new",     "recover", "forms",
                                       "export",  "collect", "edit",    "help",    "version",
                                       "submit",  "return",  "approve", "recheck", "history",
                                       "verify",  "review",  "query",   "answer",  "note",
                                       "close",   "reopen",  "queries", "recheck-score",
                                       "rechecks"};

/* Levenshtein distance of two short ASCII words, capped; for "did you mean". */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 16 || lb > 16)
        return 99;
    int d[17][17];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

static const char *closest_command(const char *w)
{
    const char *best = NULL;
    int bd = 3;
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        int dd = distance(w, COMMANDS[i]);
        if (dd < bd) {
            bd = dd;
            best = COMMANDS[i];
        }
    }
    return best;
}

/* A bare word that is no file and looks like no file name (no '.', no '/') is a mistyped
 * command, not a new draft: opening the editor on "chek" would only confuse. */
static bool looks_like_command(const char *a)
{
    struct stat st;
    return !strchr(a, '.') && !strchr(a, '/') && stat(a, &st) != 0;
}

static int editor(int argc, char **argv, bool explicit_edit)
{
    tui_opts o;
    memset(&o, 0, sizeof o);
    o.ambiguous = -1;
    o.english = false;
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                options_done = true;
            } else if (strcmp(a, "--readonly") == 0) {
                o.readonly = true;
            } else if (strcmp(a, "--review") == 0) {
                o.review = true;
            } else if (strcmp(a, "--english") == 0) {
                o.english = true;
            } else if (strcmp(a, "--no-mouse") == 0) {
                o.no_mouse = true;
            } else if ((r = cli_opt_value(argc, argv, &i, "--form", &v)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
                if (!*v)
                    return cli_usage_error("--form needs a form id (see 'selfeval forms')");
                o.form_id = v;
            } else if ((r = cli_opt_value(argc, argv, &i, "--ambiguous", &v)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
                if (strcmp(v, "narrow") == 0)
                    o.ambiguous = 0;
                else if (strcmp(v, "wide") == 0)
                    o.ambiguous = 1;
                else if (strcmp(v, "auto") == 0)
                    o.ambiguous = -1;
                else
                    return cli_usage_error("--ambiguous takes narrow, wide or auto, not '%s'", v);
            } else {
                return cli_unknown_option(explicit_edit ? "edit" : NULL, a);
            }
            continue;
        }
        if (o.path)
            return cli_usage_error("the editor opens one draft at a time ('%s' and '%s' given)",
                                   o.path, a);
        if (!explicit_edit && !options_done && looks_like_command(a)) {
            const char *c = closest_command(a);
            if (c)
                return cli_usage_error("unknown command '%s' (did you mean '%s'?)", a, c);
            return cli_usage_error("unknown command '%s'; to make a new draft, name a file "
                                   "such as %s.json", a, a);
        }
        o.path = a;
    }
    if (!o.path)
        return cli_usage_error("name a draft file to open (selfeval DRAFT)");
    return tui_run(&o);
}

/* --help / -h anywhere before "--" prints the help, whatever the command. */
static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (argc < 2)
        return cli_usage_error("name a draft to open or a command");
    if (wants_help(argc, argv) || strcmp(argv[1], "help") == 0) {
        fputs(HELP, stdout);
        return fflush(stdout) == 0 ? CLI_OK : CLI_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("selfeval %s\n", SELFEVAL_VERSION);
        return fflush(stdout) == 0 ? CLI_OK : CLI_BAD_INPUT;
    }
    if (strcmp(cmd, "--keys") == 0) /* the editor's key table as Markdown (docs/keys.md) */
        return tui_print_keys(stdout) == 0 && fflush(stdout) == 0 ? CLI_OK : CLI_BAD_INPUT;
    if (strcmp(cmd, "check") == 0)
        return cli_check(argc - 2, argv + 2);
    if (strcmp(cmd, "summary") == 0)
        return cli_summary(argc - 2, argv + 2);
    if (strcmp(cmd, "review") == 0)
        return cli_review(argc - 2, argv + 2);
    if (strcmp(cmd, "new") == 0)
        return cli_new(argc - 2, argv + 2);
    if (strcmp(cmd, "recover") == 0)
        return cli_recover(argc - 2, argv + 2);
    if (strcmp(cmd, "forms") == 0)
        return cli_forms(argc - 2, argv + 2);
    if (strcmp(cmd, "export") == 0)
        return cli_export(argc - 2, argv + 2);
    if (strcmp(cmd, "submit") == 0)
        return cli_submit(argc - 2, argv + 2);
    if (strcmp(cmd, "return") == 0)
        return cli_return(argc - 2, argv + 2);
    if (strcmp(cmd, "approve") == 0)
        return cli_approve(argc - 2, argv + 2);
    if (strcmp(cmd, "recheck") == 0)
        return cli_recheck(argc - 2, argv + 2);
    if (strcmp(cmd, "history") == 0)
        return cli_history(argc - 2, argv + 2);
    if (strcmp(cmd, "verify") == 0)
        return cli_verify(argc - 2, argv + 2);
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } QUERY_CMDS[] = {{"query", cli_query},     {"answer", cli_answer},
                      {"note", cli_note},       {"close", cli_close},
                      {"reopen", cli_reopen},   {"queries", cli_queries},
                      {"recheck-score", cli_recheck_score}, {"rechecks", cli_rechecks}};
    for (size_t i = 0; i < sizeof QUERY_CMDS / sizeof QUERY_CMDS[0]; i++)
        if (strcmp(cmd, QUERY_CMDS[i].name) == 0)
            return QUERY_CMDS[i].fn(argc - 2, argv + 2);
    if (strcmp(cmd, "collect") == 0)
        return cli_collect(argc - 2, argv + 2);
    if (strcmp(cmd, "edit") == 0)
        return editor(argc - 2, argv + 2, true);
    return editor(argc - 1, argv + 1, false);
}

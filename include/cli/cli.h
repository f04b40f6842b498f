/* The command line: one function per subcommand, and what they share (messages, options,
 * a growable text buffer for reports).
 *
 * Every subcommand gets the arguments after its name and returns the process exit status:
 * 0 done, 1 done but something needs attention (an error finding, a choice to make),
 * 2 bad input (unknown option, missing or unreadable file, form not installed). */
#ifndef SELFEVAL_CLI_CLI_H
#define SELFEVAL_CLI_CLI_H

#include "report/sbuf.h"
#include <stdbool.h>
#include <stddef.h>

#define CLI_OK 0
#define CLI_ATTENTION 1
#define CLI_BAD_INPUT 2

int cli_check(int argc, char **argv);     /* selfeval check [--json] [--english] [-j N] DRAFT... */
int cli_new(int argc, char **argv);       /* selfeval new FORM -o FILE [--force] */
/* selfeval recover FILE [--apply|--discard|--keep-both] */
int cli_recover(int argc, char **argv);
int cli_forms(int argc, char **argv);     /* selfeval forms [--english] */
/* selfeval collect --db TARGET DIR|FILE... (docs/database.md) */
int cli_collect(int argc, char **argv);
/* selfeval export DRAFT [--format xlsx|txt|csv|md] [-o FILE] [--force] [--bom] */
int cli_export(int argc, char **argv);
/* Review states (docs/draft-format.md): selfeval submit DRAFT [--by NAME],
 * return DRAFT --reason TEXT [--by NAME], approve DRAFT... [--by NAME],
 * recheck DRAFT... [--by NAME], history DRAFT, verify DRAFT. */
int cli_submit(int argc, char **argv);
int cli_return(int argc, char **argv);
int cli_approve(int argc, char **argv);
int cli_recheck(int argc, char **argv);
int cli_history(int argc, char **argv);
int cli_verify(int argc, char **argv);
/* Queries (docs/draft-format.md, "Queries"): selfeval query DRAFT PATH --text T,
 * answer DRAFT QID --text T (the clerk), note DRAFT QID --text T, close DRAFT QID [--text T],
 * reopen DRAFT QID --text T (the reviewer), all with [--by NAME]; queries DRAFT [--open]. */
int cli_query(int argc, char **argv);
int cli_answer(int argc, char **argv);
int cli_note(int argc, char **argv);
int cli_close(int argc, char **argv);
int cli_reopen(int argc, char **argv);
int cli_queries(int argc, char **argv);
/* Re-check figures: selfeval recheck-score DRAFT PATH --score S [--actual A] [--reason R]
 * [--by NAME] (or --clear); rechecks DRAFT (each one and 自评总分 / 复核总分 / 偏差). */
int cli_recheck_score(int argc, char **argv);
int cli_rechecks(int argc, char **argv);
/* selfeval review DIR|FILE... --list [--sort COL]... [--status S] [--errors]
 * [--open-queries] [--unit TEXT] [--json] [-j N]: the reviewer's inbox (docs/review.md) */
int cli_review(int argc, char **argv);
/* selfeval summary DIR|FILE... [--csv|--json] [--bom] [-o FILE] [-j N] */
int cli_summary(int argc, char **argv);

/* English unless the locale (LC_ALL, LC_MESSAGES, LANG: the first one set) is zh*; Chinese
 * when none is set. --english overrides it. */
bool cli_english_from_env(void);

/* "selfeval: <message>" on stderr, then a pointer to --help. Returns CLI_BAD_INPUT. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "selfeval: <message>" on stderr. Returns CLI_BAD_INPUT. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A folder walk left out recovered copies (store/files.h, file_list.recovered): says so on
 * stderr, naming the first, with what to do with them. Nothing when n is 0. */
void cli_note_recovered(const char *command, char *const *paths, size_t n);

/* Options. `arg` is argv[*i]. For "--name=value" or "--name value" (consuming argv[*i + 1])
 * sets *value and returns 1; returns 0 when arg is not this option; -1 (message printed)
 * when the value is missing. */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value);
/* -j N, -jN, --jobs N, --jobs=N: how many drafts to check at once (a whole number from 1).
 * 1 and *jobs set when arg is this option, 0 when not, -1 (message printed) when bad. */
int cli_jobs_option(int argc, char **argv, int *i, int *jobs);
/* --last LAST, --last=LAST: last year's draft, compared with (check, review): appended to
 * last[(*n)++], which has room for one per argument. 1 when arg is this option, 0 when not,
 * -1 (message printed, naming `command`) when no file follows. */
int cli_last_option(int argc, char **argv, int *i, const char *command, const char **last,
                    size_t *n);
/* An argument starting with '-' that no option matched: prints the message, returns 2. */
int cli_unknown_option(const char *command, const char *arg);

/* Writes the buffer to stdout; -1 (with a message) when out of memory or the write fails. */
int sb_write_stdout(sbuf *b);

/* Display columns of UTF-8 text (CJK counts two). */
int cli_width(const char *s);

#endif

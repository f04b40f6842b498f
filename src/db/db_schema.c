/* The database schema (docs/database.md), version 2. One text for both dialects; the two
 * differ only where the engines do: SQLite's row id is "integer PRIMARY KEY" and its other
 * tables are stored by their keys, and PostgreSQL checks the submission key at commit (a run adds the new rows first and removes the rows
 * they replace at its end, so the key is briefly held twice inside the transaction). */
#include "db_internal.h"

/* Version 2: the reviewer's re-check (复核) of score fields, one row each. */
#define RECHECKS(CLUSTERED)                                                                 \
    "CREATE TABLE rechecks (\n"                                                             \
    "  submission_id   bigint NOT NULL,\n"                                                  \
    "  table_no        integer,\n"                                                          \
    "  path            text NOT NULL,\n"                                                    \
    "  storage_path    text NOT NULL,\n"                                                    \
    "  self_score      numeric,\n"                                                          \
    "  recheck_actual  text,\n"                                                             \
    "  recheck_score   numeric NOT NULL,\n"                                                 \
    "  deviation       numeric NOT NULL,\n"                                                 \
    "  reason          text,\n"                                                             \
    "  checked_by      text,\n"                                                             \
    "  checked_at      text,\n"                                                             \
    "  PRIMARY KEY (submission_id, storage_path)\n"                                         \
    ")" CLUSTERED ";\n"

#define SCHEMA(ID_TYPE, KEY_CHECK, CLUSTERED)                                                          \
    "CREATE TABLE selfeval_schema (\n"                                                      \
    "  version integer NOT NULL\n"                                                          \
    ");\n"                                                                                  \
    "CREATE TABLE submissions (\n"                                                          \
    "  id            " ID_TYPE " PRIMARY KEY,\n"                                            \
    "  file          text NOT NULL,\n"                                                      \
    "  error         text,\n"                                                               \
    "  unit          text,\n"                                                               \
    "  year          text,\n"                                                               \
    "  form          text,\n"                                                               \
    "  form_version  text,\n"                                                               \
    "  project       text,\n"                                                               \
    "  status        text,\n"                                                               \
    "  modified      text,\n"                                                               \
    "  author        text,\n"                                                               \
    "  errors        integer NOT NULL,\n"                                                   \
    "  warnings      integer NOT NULL,\n"                                                   \
    "  notices       integer NOT NULL,\n"                                                   \
    "  collected     text NOT NULL,\n"                                                      \
    "  CONSTRAINT submissions_key UNIQUE (unit, year, form, project)" KEY_CHECK "\n"        \
    ");\n"                                                                                  \
    "CREATE INDEX submissions_file ON submissions (file);\n"                                \
    "CREATE TABLE tables (\n"                                                               \
    "  submission_id   bigint NOT NULL,\n"                                                  \
    "  table_no        integer NOT NULL,\n"                                                 \
    "  path            text NOT NULL,\n"                                                    \
    "  form            text NOT NULL,\n"                                                    \
    "  name            text,\n"                                                             \
    "  budget_initial  numeric,\n"                                                          \
    "  budget_annual   numeric,\n"                                                          \
    "  executed        numeric,\n"                                                          \
    "  exec_rate       numeric,\n"                                                          \
    "  total           numeric,\n"                                                          \
    "  grade           text,\n"                                                             \
    "  errors          integer NOT NULL,\n"                                                 \
    "  warnings        integer NOT NULL,\n"                                                 \
    "  notices         integer NOT NULL,\n"                                                 \
    "  recheck_total   numeric,\n"                                                          \
    "  deviation       numeric,\n"                                                          \
    "  PRIMARY KEY (submission_id, table_no)\n"                                             \
    ")" CLUSTERED ";\n"                                                                                  \
    "CREATE TABLE indicators (\n"                                                           \
    "  submission_id   bigint NOT NULL,\n"                                                  \
    "  table_no        integer NOT NULL,\n"                                                 \
    "  row_no          integer NOT NULL,\n"                                                 \
    "  row_id          text,\n"                                                             \
    "  level1          text,\n"                                                             \
    "  level2          text,\n"                                                             \
    "  level3          text,\n"                                                             \
    "  target          text,\n"                                                             \
    "  actual          text,\n"                                                             \
    "  target_value    numeric,\n"                                                          \
    "  actual_value    numeric,\n"                                                          \
    "  target_unit     text,\n"                                                             \
    "  actual_unit     text,\n"                                                             \
    "  direction       text,\n"                                                             \
    "  tier            text,\n"                                                             \
    "  applicable      boolean NOT NULL,\n"                                                 \
    "  weight          numeric,\n"                                                          \
    "  rule_score      numeric,\n"                                                          \
    "  typed_score     numeric,\n"                                                          \
    "  score           numeric,\n"                                                          \
    "  score_state     text,\n"                                                             \
    "  override_reason text,\n"                                                             \
    "  why             text,\n"                                                             \
    "  PRIMARY KEY (submission_id, table_no, row_no)\n"                                     \
    ")" CLUSTERED ";\n"                                                                                  \
    "CREATE TABLE figures (\n"                                                              \
    "  submission_id   bigint NOT NULL,\n"                                                  \
    "  table_no        integer,\n"                                                          \
    "  path            text NOT NULL,\n"                                                    \
    "  field           text NOT NULL,\n"                                                    \
    "  storage_path    text NOT NULL,\n"                                                    \
    "  label           text,\n"                                                             \
    "  value           text NOT NULL,\n"                                                    \
    "  number          numeric,\n"                                                          \
    "  computed        boolean NOT NULL,\n"                                                 \
    "  typed           text,\n"                                                             \
    "  rule            text,\n"                                                             \
    "  state           text,\n"                                                             \
    "  override_reason text,\n"                                                             \
    "  PRIMARY KEY (submission_id, path)\n"                                                 \
    ")" CLUSTERED ";\n"                                                                                  \
    "CREATE TABLE findings (\n"                                                             \
    "  submission_id   bigint NOT NULL,\n"                                                  \
    "  finding_no      integer NOT NULL,\n"                                                 \
    "  table_no        integer,\n"                                                          \
    "  severity        text NOT NULL,\n"                                                    \
    "  code            text NOT NULL,\n"                                                    \
    "  path            text NOT NULL,\n"                                                    \
    "  message_zh      text NOT NULL,\n"                                                    \
    "  message_en      text NOT NULL,\n"                                                    \
    "  PRIMARY KEY (submission_id, finding_no)\n"                                           \
    ")" CLUSTERED ";\n"                                                                                  \
    RECHECKS(CLUSTERED)                                                                     \
    "INSERT INTO selfeval_schema (version) VALUES (2);\n"

/* SQLite keeps a table's rows in its key's order (WITHOUT ROWID): one B-tree per table, not
 * a table and an index beside it. */
const char DB_SCHEMA_SQLITE[] = SCHEMA("integer", "", " WITHOUT ROWID");
const char DB_SCHEMA_PG[] = SCHEMA("bigint", " DEFERRABLE INITIALLY DEFERRED", "");

/* A database of version 1 gains the columns (NULL in its old rows: not re-checked) and the
 * table; its rows stay. */
#define MIGRATE_1_2(CLUSTERED)                                                              \
    "ALTER TABLE tables ADD COLUMN recheck_total numeric;\n"                                \
    "ALTER TABLE tables ADD COLUMN deviation numeric;\n"                                    \
    RECHECKS(CLUSTERED)                                                                     \
    "UPDATE selfeval_schema SET version = 2;\n"
const char DB_MIGRATE_1_2_SQLITE[] = MIGRATE_1_2(" WITHOUT ROWID");
const char DB_MIGRATE_1_2_PG[] = MIGRATE_1_2("");

static const char *const C_SUBMISSIONS[] = {
    "file", "error", "unit", "year", "form", "form_version", "project", "status", "modified",
    "author", "errors", "warnings", "notices", "collected"};
static const char *const C_TABLES[] = {
    "table_no", "path", "form", "name", "budget_initial", "budget_annual", "executed",
    "exec_rate", "total", "grade", "recheck_total", "deviation", "errors", "warnings", "notices"};
static const char *const C_INDICATORS[] = {
    "table_no", "row_no", "row_id", "level1", "level2", "level3", "target", "actual",
    "target_value", "actual_value", "target_unit", "actual_unit", "direction", "tier", "applicable", "weight", "rule_score",
    "typed_score", "score", "score_state", "override_reason", "why"};
static const char *const C_FIGURES[] = {
    "table_no", "path", "field", "storage_path", "label", "value", "number", "computed", "typed", "rule",
    "state", "override_reason"};
static const char *const C_FINDINGS[] = {
    "finding_no", "table_no", "severity", "code", "path", "message_zh", "message_en"};
static const char *const C_RECHECKS[] = {
    "table_no", "path", "storage_path", "self_score", "recheck_actual", "recheck_score",
    "deviation", "reason", "checked_by", "checked_at"};

#define N(a) (sizeof a / sizeof a[0])
const db_table_def DB_TABLES[T__COUNT] = {
    {"submissions", C_SUBMISSIONS, N(C_SUBMISSIONS)},
    {"tables", C_TABLES, N(C_TABLES)},
    {"indicators", C_INDICATORS, N(C_INDICATORS)},
    {"figures", C_FIGURES, N(C_FIGURES)},
    {"findings", C_FINDINGS, N(C_FINDINGS)},
    {"rechecks", C_RECHECKS, N(C_RECHECKS)},
};

# selfeval — build, run, test, benchmark, fuzz.
#
#   make            build ./build/rel/selfeval
#   make run        build and open the editor on a copy of the bundled example
#   make check      build with ASan/UBSan and run every test (unit, CLI, terminal)
#   make bench      benchmarks (ratios against references measured in the same run)
#   make fuzz       build libFuzzer targets and run each for FUZZ_SECONDS
#   make install    PREFIX=/usr/local DESTDIR=
#
# Layers (one direction of dependency): core <- store <- report <- cli; store <- tui;
# store <- export <- tui, cli; core <- db <- cli.
# (report: writers of the report model that write files; core/report.h walks, no I/O.
# export: the tables as filed, one more writer of that walk; the only user of libxlsxwriter.)
# Each layer is a folder of src/ and include/; the Makefile picks files up by folder.
# db (the SQLite and PostgreSQL targets of `selfeval collect`) is an archive of its own, and
# libsqlite3 and libpq are linked into the program only, never into core or the unit tests.

BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
FUZZ_SECONDS ?= 60

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKG_CFLAGS := $(shell pkg-config --cflags ncursesw libcjson 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs ncursesw libcjson 2>/dev/null)
ifeq ($(strip $(PKG_LIBS)),)
PKG_LIBS := -lncursesw -ltinfo -lcjson
PKG_CFLAGS := -I/usr/include/cjson
endif
LIBS := $(PKG_LIBS) -lunistring -lnettle -pthread
PQ_CFLAGS := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
DB_LIBS   := $(shell pkg-config --libs sqlite3 libpq 2>/dev/null || echo -lsqlite3 -lpq)
# libxlsxwriter is used by the export layer only (src/export/xlsx.c): core and store never
# call it. Static archives pull it into the programs that export.
XLSX_LIBS := $(shell pkg-config --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter -lz)

WARN   := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-sign-compare
COMMON := -std=c11 -D_GNU_SOURCE -DSELFEVAL_VERSION='"$(VERSION)"' -Iinclude $(PKG_CFLAGS) $(WARN)
REL_CFLAGS  := $(COMMON) -O2 -g
SAN         := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TEST_CFLAGS := $(COMMON) -O1 -g $(SAN) -DSELFEVAL_TESTING

CORE_SRC  := $(sort $(wildcard src/core/*.c))
STORE_SRC := $(sort $(wildcard src/store/*.c))
REPORT_SRC := $(sort $(wildcard src/report/*.c))
TUI_SRC   := $(sort $(wildcard src/tui/*.c))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
DB_SRC    := $(sort $(wildcard src/db/*.c))
EXPORT_SRC := $(sort $(wildcard src/export/*.c))
LIB_SRC   := $(CORE_SRC) $(STORE_SRC) $(REPORT_SRC) $(EXPORT_SRC) $(TUI_SRC) $(filter-out src/cli/main.c,$(CLI_SRC))

REL_OBJ  := $(patsubst src/%.c,$(BUILD)/rel/%.o,$(LIB_SRC))
TEST_OBJ := $(patsubst src/%.c,$(BUILD)/test/%.o,$(LIB_SRC))
REL_DB_OBJ  := $(patsubst src/%.c,$(BUILD)/rel/%.o,$(DB_SRC))
TEST_DB_OBJ := $(patsubst src/%.c,$(BUILD)/test/%.o,$(DB_SRC))

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/test/unit/%,$(UNIT_SRC))
UNIT_HELP := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))

# Small programs the test scripts drive (differential tests, crash tests): no cmocka.
TOOL_SRC  := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN  := $(patsubst tests/tools/%.c,$(BUILD)/test/tools/%,$(TOOL_SRC))

BIN      := $(BUILD)/rel/selfeval
TEST_BIN := $(BUILD)/test/selfeval

.PHONY: all run check check-unit check-cli check-e2e bench fuzz install clean deps deps-check screenshots unit

all: deps $(BIN)

deps:
	@sh scripts/deps.sh build

deps-check:
	@sh scripts/deps.sh check

$(BUILD)/rel/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/test/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/rel/db/%.o: src/db/%.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) $(PQ_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/test/db/%.o: src/db/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $(PQ_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/rel/libselfeval_db.a: $(REL_DB_OBJ)
	@rm -f $@; ar rcs $@ $^

$(BUILD)/test/libselfeval_db.a: $(TEST_DB_OBJ)
	@rm -f $@; ar rcs $@ $^

$(BUILD)/rel/libselfeval.a: $(REL_OBJ)
	@rm -f $@; ar rcs $@ $^

$(BUILD)/test/libselfeval.a: $(TEST_OBJ)
	@rm -f $@; ar rcs $@ $^

$(BIN): $(BUILD)/rel/cli/main.o $(BUILD)/rel/libselfeval.a $(BUILD)/rel/libselfeval_db.a
	$(CC) $(REL_CFLAGS) -o $@ $^ $(LIBS) $(XLSX_LIBS) $(DB_LIBS)

$(TEST_BIN): $(BUILD)/test/cli/main.o $(BUILD)/test/libselfeval.a $(BUILD)/test/libselfeval_db.a
	$(CC) $(TEST_CFLAGS) -o $@ $^ $(LIBS) $(XLSX_LIBS) $(DB_LIBS)

$(BUILD)/test/unit/%: tests/unit/%.c $(UNIT_HELP) $(BUILD)/test/libselfeval.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/unit -o $@ $< $(UNIT_HELP) $(BUILD)/test/libselfeval.a $(LIBS) $(XLSX_LIBS) -lcmocka

$(BUILD)/test/tools/%: tests/tools/%.c $(BUILD)/test/libselfeval.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(BUILD)/test/libselfeval.a $(LIBS) $(XLSX_LIBS)

unit: deps-check $(UNIT_BIN) $(TOOL_BIN)

# The editor opens a copy, so the bundled example is never changed.
run: all
	@mkdir -p $(BUILD)/run
	@if [ ! -f $(BUILD)/run/example.json ]; then cp forms/examples/submission.json $(BUILD)/run/example.json; fi
	SELFEVAL_FORMS=$(CURDIR)/forms $(BIN) $(BUILD)/run/example.json

check: deps-check
	@$(MAKE) --no-print-directory unit $(TEST_BIN)
	@sh tests/run-all.sh $(BUILD)

bench: all
	@sh scripts/deps.sh bench
	@sh tests/bench/run.sh $(BUILD)

fuzz: deps-check
	@sh scripts/deps.sh fuzz
	@sh tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS)

screenshots: all
	@sh scripts/deps.sh shots
	@sh tests/e2e/screenshots.sh $(BUILD)
	@sh scripts/export-shots.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/selfeval/forms $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/selfeval
	install -m 0644 forms/*.json $(DESTDIR)$(PREFIX)/share/selfeval/forms/
	install -m 0644 docs/selfeval.1 $(DESTDIR)$(PREFIX)/share/man/man1/selfeval.1

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

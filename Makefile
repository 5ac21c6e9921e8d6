# tsunagu - stakeholder matchmaking and network analysis engine.
#
#   make            build ./tsunagu
#   make demo       install missing Debian packages, build, run the main job
#                   ('tsunagu run' on datasets/ja: import, analyze, match,
#                   plots and the report, into reports/demo)
#   make test       install test needs, build, run every test (also under
#                   AddressSanitizer + UndefinedBehaviorSanitizer)
#   make bench      print benchmark figures
#   make fuzz       fuzz the CSV import with libFuzzer (FUZZ_TIME=600 s)
#   make install    install the binary, the man page tsunagu(1) and the bash
#                   completion (PREFIX=/usr/local, DESTDIR=); make uninstall
#
# V=1 shows full commands; WERROR=1 turns warnings into errors (CI does);
# SANITIZE=address,undefined builds an instrumented binary under build/.

CC      ?= cc
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
VERSION := 0.1.0

PKGS    := igraph sqlite3 libutf8proc nettle
WARN    := -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wvla \
           -Wwrite-strings -Wformat-security -Wshadow -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ifeq ($(WERROR),1)
WARN    += -Werror
endif

ifneq ($(SANITIZE),)
BUILD   := build/san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
else
BUILD   := build/rel
SANFLAGS :=
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE -Iinclude $(WARN) $(CFLAGS) $(SANFLAGS) \
             $(PKG_CFLAGS) -DTSU_VERSION='"$(VERSION)"' -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC := $(wildcard src/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
DEP := $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

# Objects depend on the flags they were built with: WERROR=1 or SANITIZE
# after a plain build recompiles instead of reusing stale objects.
FLAGS_FILE := $(BUILD)/.flags
FLAGS_NOW := $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(PKG_LIBS)
ifneq ($(FLAGS_NOW),$(file <$(FLAGS_FILE)))
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS_FILE),$(FLAGS_NOW))
endif

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2)
endif

# Debian packages: to build, to run the whole job, and for the tests.
DEB_BUILD := make gcc libc6-dev pkg-config libigraph-dev libcsv-dev \
             libsqlite3-dev libutf8proc-dev nettle-dev
DEB_RUN   := gnuplot-nox fonts-noto-cjk
DEB_TEST  := libcmocka-dev sqlite3 python3 time chromium strace valgrind libxml2-utils \
             groff-base man-db

.PHONY: all demo test test-unit test-e2e test-san bench fuzz install uninstall \
        clean deps deps-test check-deps

all: tsunagu

# Copied then renamed: a running ./tsunagu is replaced, not overwritten.
tsunagu: $(BUILD)/tsunagu
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/tsunagu: $(CLI_OBJ) $(BUILD)/libtsunagu.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/libtsunagu.a: $(LIB_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: src/%.c $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtsunagu.a $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(BUILD)/libtsunagu.a \
		$(ALL_LDFLAGS) $(PKG_LIBS) -lcmocka

-include $(DEP)

# --- set-up ------------------------------------------------------------------

# Installs the Debian packages in $(1) that are not installed yet.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null || exit 1; \
	fi
endef

deps:
	$(call apt_install,$(DEB_BUILD) $(DEB_RUN))

deps-test: deps
	$(call apt_install,$(DEB_TEST))

# --- the main job ------------------------------------------------------------

DEMO_DB  := reports/demo/tsunagu.db
DEMO_DIR := datasets/ja

demo: deps
	@$(MAKE) --no-print-directory tsunagu
	@mkdir -p reports/demo
	@rm -f $(DEMO_DB)
	./tsunagu run $(DEMO_DIR)/organisations.csv --ties $(DEMO_DIR)/ties.csv \
		--db $(DEMO_DB) --out reports/demo
	@echo
	@echo "open reports/demo/index.html: the report for the planning meeting"
	@echo "(pictures in reports/demo/plots/, suggestions in matches.csv and"
	@echo "loose_ties.csv, the analysis in the other CSV files; the store is"
	@echo "reports/demo/tsunagu.db: 'tsunagu plot --db $(DEMO_DB) --org ID'"
	@echo "draws one organisation's ego map, 'tsunagu explain A B' one pair)"

# --- tests -------------------------------------------------------------------

test: deps-test
	@$(MAKE) --no-print-directory WERROR=1 test-unit test-e2e
	@$(MAKE) --no-print-directory WERROR=1 SANITIZE=address,undefined \
		test-unit test-e2e
	@echo "all tests passed (plain and under ASan+UBSan)"

test-unit: $(UNIT_BIN) $(BUILD)/tests/fuzz_regress
	@set -e; for t in $(UNIT_BIN); do \
	  echo "  UNIT   $$t"; $$t; done
	@echo "  FUZZ   tests/fuzz/regress"; \
	  $(BUILD)/tests/fuzz_regress tests/fuzz/regress/*

# The fuzzing harness as a plain program: runs the kept inputs once each.
$(BUILD)/tests/fuzz_regress: tests/fuzz/fuzz_import.c $(BUILD)/libtsunagu.a \
		$(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -DTSU_FUZZ_DRIVER -o $@ $< \
		$(BUILD)/libtsunagu.a $(ALL_LDFLAGS) $(PKG_LIBS)

test-e2e: $(BUILD)/tsunagu
	@TSUNAGU=$(BUILD)/tsunagu TSU_SANITIZED=$(if $(SANITIZE),1,) \
		bash tests/e2e/run.sh

# --- benchmarks --------------------------------------------------------------

bench: tsunagu
	@bash tests/bench/run.sh ./tsunagu

# --- fuzzing -----------------------------------------------------------------

# libFuzzer with clang (Debian's clang-14 has it): the import of
# organisations, ties and feedback (tests/fuzz/fuzz_import.c), seeded from
# the datasets, the golden cases, the kept regressions and gen_orgs.py's
# broken kinds.  New corpus entries collect in build/fuzz/corpus, findings
# in build/fuzz/crashes/ (copy each to tests/fuzz/regress/ once fixed).
FUZZ_TIME ?= 600
FUZZ_CC   ?= clang

build/fuzz/fuzz_import: tests/fuzz/fuzz_import.c $(LIB_SRC) $(wildcard include/*.h)
	@mkdir -p $(dir $@)
	$(call msg,FUZZCC,$@)
	$(Q)$(FUZZ_CC) -std=c17 -D_GNU_SOURCE -Iinclude -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		$(PKG_CFLAGS) -DTSU_VERSION='"$(VERSION)"' -o $@ \
		tests/fuzz/fuzz_import.c $(LIB_SRC) $(PKG_LIBS)

fuzz: deps
	$(call apt_install,clang)
	@$(MAKE) --no-print-directory build/fuzz/fuzz_import
	@bash tests/fuzz/seeds.sh build/fuzz/seeds
	@mkdir -p build/fuzz/corpus build/fuzz/crashes
	build/fuzz/fuzz_import -max_total_time=$(FUZZ_TIME) -timeout=20 \
		-rss_limit_mb=2048 -max_len=200000 -print_final_stats=1 \
		-artifact_prefix=build/fuzz/crashes/ build/fuzz/corpus \
		build/fuzz/seeds

# --- install -----------------------------------------------------------------

install: tsunagu
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 755 tsunagu $(DESTDIR)$(BINDIR)/tsunagu
	install -m 644 doc/tsunagu.1 $(DESTDIR)$(MANDIR)/man1/tsunagu.1
	install -m 644 completion/tsunagu.bash $(DESTDIR)$(BASHCOMPDIR)/tsunagu

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tsunagu $(DESTDIR)$(MANDIR)/man1/tsunagu.1 \
		$(DESTDIR)$(BASHCOMPDIR)/tsunagu

clean:
	rm -rf build tsunagu

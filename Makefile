# tsunagu - stakeholder matchmaking and network analysis engine.
#
#   make            build ./tsunagu
#   make demo       install missing Debian packages, build, run the main job
#                   ('tsunagu run' on datasets/ja: import, analyze, match,
#                   plots and the report, into reports/demo)
#   make test       install test needs, build, run every test (also under
#                   AddressSanitizer + UndefinedBehaviorSanitizer)
#   make bench      print benchmark figures
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
DEB_TEST  := libcmocka-dev sqlite3 python3 time chromium strace groff-base \
             man-db

.PHONY: all demo test test-unit test-e2e test-san bench install uninstall \
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

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do \
	  echo "  UNIT   $$t"; $$t; done

test-e2e: $(BUILD)/tsunagu
	@TSUNAGU=$(BUILD)/tsunagu TSU_SANITIZED=$(if $(SANITIZE),1,) \
		bash tests/e2e/run.sh

# --- benchmarks --------------------------------------------------------------

bench: tsunagu
	@bash tests/bench/run.sh ./tsunagu

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

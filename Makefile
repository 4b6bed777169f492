# kilde — build, test and run.  `make`, `make check`, `make demo`, `make bench`.
# `make SAN=1 …` builds the same programs with AddressSanitizer and UBSan
# into build/san/ (make check runs the suite both ways).
# `make` (all) prints every command, for developers; `make demo` and
# `make check` print a line per step and keep the packages' and the
# compiler's output in build/*.log (scripts/step.sh).

PREFIX  ?= /usr/local
DESTDIR ?=
SAN     ?=

# The goals that install and build in their own quiet steps: until those
# have run, the packages and pkg-config may be missing.
QUIET_GOALS := demo check

# Install what is missing before anything reads pkg-config (not for clean).
ifeq ($(filter clean distclean $(QUIET_GOALS),$(MAKECMDGOALS)),)
ifneq ($(shell scripts/install-deps.sh --check >/dev/null 2>&1 && echo ok),ok)
$(info kilde: installing missing Debian packages (scripts/install-deps.sh))
INSTALL_STATUS := $(shell scripts/install-deps.sh 1>&2 && echo ok)
ifneq ($(INSTALL_STATUS),ok)
$(error scripts/install-deps.sh failed; run it by hand to see why)
endif
endif
endif

PKGS := xapian-core poppler-glib glib-2.0 libxml-2.0 libpcre2-8 jansson libutf8proc libevent libevent_pthreads

ifeq ($(SAN),1)
BUILD   := build/san
BINDIR  := build/san/bin
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT     := -O1 -g
else
BUILD   := build/release
BINDIR  := bin
SANFLAGS :=
OPT     := -O2 -g
endif

ifeq ($(filter $(QUIET_GOALS),$(MAKECMDGOALS)),)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
endif
WARN     := -Wall -Wextra -Werror
# Each folder sees only its own headers and lib/'s (docs/ARCHITECTURE.md,
# "Layering"): the include path is the object's folder's, set below, so a
# file of searchd/ that includes an indexer/ header does not compile.
CFLAGS   := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
CXXFLAGS := -std=c++17 $(OPT) $(WARN) $(SANFLAGS) -Ilib $(PKG_CFLAGS) -MMD -MP
LDFLAGS  := $(SANFLAGS)
LDLIBS   := $(PKG_LIBS) -lpthread -lm -lstdc++

LIB_SRC     := $(wildcard lib/*.c) $(wildcard lib/*.cc)
INDEXER_SRC := $(filter-out indexer/main.c,$(wildcard indexer/*.c))
SEARCHD_SRC := $(filter-out searchd/main.c,$(wildcard searchd/*.c))
CLIENT_SRC  := $(filter-out client/main.c,$(wildcard client/*.c))
# tests/lib/ link the shared library only; tests/indexer/ and tests/searchd/
# the program's own objects too.
LIB_TEST_SRC     := $(wildcard tests/lib/test_*.c)
INDEXER_TEST_SRC := $(wildcard tests/indexer/test_*.c)
SEARCHD_TEST_SRC := $(wildcard tests/searchd/test_*.c)
# tests/analysis/ hold the indexer and searchd to one reading of Norwegian:
# they link both programs' objects.
ANALYSIS_TEST_SRC := $(wildcard tests/analysis/test_*.c)

obj = $(patsubst %,$(BUILD)/%.o,$(basename $(1)))
LIB_OBJ     := $(call obj,$(LIB_SRC))
INDEXER_OBJ := $(call obj,$(INDEXER_SRC))
# searchd serves the page's files (web/) from its binary: tools/embed.c
# writes them into a C file (searchd/http_assets.h).
WEB_FILES   := $(sort $(wildcard web/*.*))
ASSETS_OBJ  := $(BUILD)/generated/web_assets.o
SEARCHD_OBJ := $(call obj,$(SEARCHD_SRC)) $(ASSETS_OBJ)
CLIENT_OBJ  := $(call obj,$(CLIENT_SRC))
TEST_BINS   := $(patsubst %.c,$(BUILD)/%,$(LIB_TEST_SRC) $(INDEXER_TEST_SRC) $(SEARCHD_TEST_SRC) \
                 $(ANALYSIS_TEST_SRC))
# A test's object is made on the way to its program; kept, or make deletes
# it after the build and links every test program again the next time.
TEST_OBJ    := $(call obj,$(LIB_TEST_SRC) $(INDEXER_TEST_SRC) $(SEARCHD_TEST_SRC) $(ANALYSIS_TEST_SRC))
.SECONDARY: $(TEST_OBJ)

PROGRAMS := $(BINDIR)/indexer
ifneq ($(wildcard searchd/main.c),)
PROGRAMS += $(BINDIR)/searchd
endif
ifneq ($(wildcard client/main.c),)
PROGRAMS += $(BINDIR)/kilde
endif

.PHONY: all check test-run demo bench eval soak crashloop clean install corpus producer-pdfs screenshots
# The benchmark's client is built too, so a change that breaks it shows at once.
all: $(PROGRAMS) $(TEST_BINS) $(BUILD)/bench/searchbench

# The client may use lib/'s buffer and error helpers and nothing else of
# lib/: it sees copies of those two headers alone.
CLIENT_LIB_INC := $(BUILD)/include/client-lib
CLIENT_LIB_HEADERS := $(CLIENT_LIB_INC)/buf.h $(CLIENT_LIB_INC)/kerr.h
$(CLIENT_LIB_INC)/%.h: lib/%.h
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/lib/%.o:            INC := -Ilib
$(BUILD)/indexer/%.o:        INC := -Iindexer -Ilib
$(BUILD)/searchd/%.o:        INC := -Isearchd -Ilib
$(BUILD)/generated/%.o:      INC := -Isearchd
$(BUILD)/client/%.o:         INC := -Iclient -I$(CLIENT_LIB_INC)
$(BUILD)/tests/lib/%.o:      INC := -Ilib -Itests
$(BUILD)/tests/indexer/%.o:  INC := -Iindexer -Ilib -Itests
$(BUILD)/tests/searchd/%.o:  INC := -Isearchd -Ilib -Itests
$(BUILD)/tests/bench/%.o:    INC := -Isearchd -Ilib -Itests
# the one place both programs meet: their shared reading of Norwegian
$(BUILD)/tests/analysis/%.o: INC := -Iindexer -Isearchd -Ilib -Itests
$(call obj,$(CLIENT_SRC) client/main.c): | $(CLIENT_LIB_HEADERS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -c $< -o $@

# The list of web/ files, rewritten only when it changes, so a file taken
# away embeds again too.
ifeq ($(filter clean distclean,$(MAKECMDGOALS)),)
$(shell mkdir -p $(BUILD)/generated && echo '$(WEB_FILES)' | cmp -s - $(BUILD)/generated/web_files || \
  echo '$(WEB_FILES)' > $(BUILD)/generated/web_files)
endif
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARN) -o $@ $<
$(BUILD)/generated/web_assets.c: $(BUILD)/tools/embed $(WEB_FILES) $(BUILD)/generated/web_files
	$(BUILD)/tools/embed $@ $(WEB_FILES)
$(ASSETS_OBJ): $(BUILD)/generated/web_assets.c
	$(CC) $(CFLAGS) $(INC) -c $< -o $@
$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

$(BINDIR)/indexer: $(BUILD)/indexer/main.o $(INDEXER_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# searchd's objects' allocations go through searchd/nomem.c, which notes
# a failure so that the request it happened in is answered `busy`.
SD_WRAP := $(foreach f,malloc calloc realloc strdup strndup,-Wl,--wrap=$(f))
$(BINDIR)/searchd: $(BUILD)/searchd/main.o $(SEARCHD_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(SD_WRAP) -o $@ $^ $(LDLIBS)

# The client needs no Xapian: only the buffer and error helpers of lib/.
$(BINDIR)/kilde: $(BUILD)/client/main.o $(CLIENT_OBJ) $(BUILD)/lib/buf.o $(BUILD)/lib/kerr.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs jansson)

$(BUILD)/tests/searchd/%: $(BUILD)/tests/searchd/%.o $(SEARCHD_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(SD_WRAP) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/lib/%: $(BUILD)/tests/lib/%.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/tests/indexer/%: $(BUILD)/tests/indexer/%.o $(INDEXER_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/tests/analysis/%: $(BUILD)/tests/analysis/%.o $(INDEXER_OBJ) $(SEARCHD_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The public header must compile alone as strict C (libgit2's headertest).
$(BUILD)/headertest.o: lib/kx.h
	@mkdir -p $(dir $@)
	echo '#include "kx.h"' | $(CC) -std=c11 -pedantic $(WARN) -Ilib -x c -c - -o $@

# Runs the suite once in this build; make check runs it plain and sanitized.
test-run: all $(BUILD)/headertest.o
	@tests/run.sh $(BINDIR) $(BUILD)/tests

# Quiet steps: a line each, the output in build/*.log, its end on failure.
# They build on every core unless make was given -j (seen only in recipes).
INSTALL_STEP = scripts/install-deps.sh --check 2>/dev/null || \
	scripts/step.sh build/install.log "installing Debian packages" scripts/install-deps.sh
SUBMAKE = $(MAKE) --no-print-directory $(if $(findstring -j,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 1))

check:
	@$(INSTALL_STEP)
	@scripts/step.sh build/build.log "building" $(SUBMAKE) all
	@scripts/step.sh build/build-san.log "building with AddressSanitizer and UBSan" \
	  $(SUBMAKE) SAN=1 all
	@tests/check.sh

demo:
	@$(INSTALL_STEP)
	@scripts/step.sh build/build.log "building" $(SUBMAKE) all
	@scripts/demo.sh $(BINDIR)

# Relevance over the judged queries of tests/eval/ (tests/eval/HOWTO.md);
# EVAL_ARGS passes options to tests/eval/run.py, e.g. EVAL_ARGS=--json.
eval: all
	@scripts/eval.sh $(BINDIR) $(EVAL_ARGS)

# docs/screenshots/*.png: the search page of searchd --http over corpus/ as
# headless chromium shows it (tests/web/screenshots.py); skipped, saying
# why, while searchd has no --http.
screenshots: all
	@python3 tests/web/screenshots.py $(BINDIR) docs/screenshots

bench: all $(BUILD)/bench/searchbench
	@tests/bench/run.sh $(BINDIR)
	@if [ -x $(BINDIR)/searchd ]; then tests/bench/search.sh $(BINDIR) $(BUILD)/bench/searchbench; fi

# searchd under 256 clients, well-behaved and not, while the indexer
# commits: SOAK_SECONDS (default 600), figures printed (tests/soak/soak.py).
soak: all
	@python3 tests/soak/soak.py --bin $(BINDIR) --seconds $${SOAK_SECONDS:-600}

# The indexer killed (SIGKILL) CRASH_KILLS times (50) at random moments over
# an archive of CRASH_FILES files (3000), each run resuming what the killed
# one left; the index must open after every kill and every completed run
# give the uninterrupted run's index (tests/crash/crashloop.sh; CRASH_SEED).
crashloop: all
	@KILDE_BIN=$(CURDIR)/$(BINDIR) KILDE_SCHEMA_DIR=$(CURDIR)/schemas tests/crash/crashloop.sh

$(BUILD)/bench/searchbench: $(BUILD)/tests/bench/searchbench.o $(SEARCHD_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Regenerates the committed PDFs and HTML of corpus/ from the seed texts.
corpus:
	@$(MAKE) --no-print-directory -C tools
	@tools/make-corpus.sh

# Regenerates tests/data/producers/ (PDFs made by LibreOffice, Chromium and
# groff from the seeds, and expected.json) and checks the truth against
# them.  Needs those producers; the output is committed, not part of all/check.
producer-pdfs:
	@tools/make-producer-pdfs.sh

# Programs, schemas, man pages and the systemd unit (enable it yourself:
# systemctl enable --now searchd; it runs as user kilde).
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/kilde/schemas \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 schemas/* $(DESTDIR)$(PREFIX)/share/kilde/schemas/
	install -m 644 $(wildcard docs/man/*.1) $(DESTDIR)$(PREFIX)/share/man/man1/
	sed 's|/usr/local|$(PREFIX)|g' dist/searchd.service > $(DESTDIR)$(PREFIX)/lib/systemd/system/searchd.service

clean:
	rm -rf build bin var

# ---- fuzz: libFuzzer targets over our parsers (tests/fuzz/, docs/TESTING.md) ----
# Each tests/fuzz/fuzz_NAME.c is built twice: by clang with libFuzzer,
# ASan and UBSan into build/fuzz/fuzz/NAME, which `make fuzz` runs for
# FUZZ_SECONDS each (FUZZ_ONLY="query http" picks some); and by this
# build's own compiler with tests/fuzz/replay.c into test_fuzz_NAME, which
# make check runs over the committed inputs of tests/fuzz/corpus/NAME/ —
# so make check needs no clang.
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAYS := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/tests/fuzz/test_fuzz_%,$(FUZZ_SRC))
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 60
FUZZ_ONLY    ?=
# gcc's warnings hold; one of clang's own does not: {NULL} initializers
FUZZ_BUILD   := BUILD=build/fuzz BINDIR=build/fuzz/bin CC=clang CXX=clang++ OPT="-O1 -g" \
  WARN="-Wall -Wextra -Werror -Wno-missing-field-initializers" SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
FUZZ_LINKED  := $(INDEXER_OBJ) $(SEARCHD_OBJ) $(LIB_OBJ)
.SECONDARY: $(call obj,$(FUZZ_SRC) tests/fuzz/replay.c)
.PHONY: fuzz fuzz-targets
# a target drives one side (indexer/ or searchd/) and includes its headers only
$(BUILD)/tests/fuzz/%.o: INC := -Iindexer -Isearchd -Ilib -Itests
all: $(FUZZ_REPLAYS)
$(BUILD)/tests/fuzz/test_fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o $(FUZZ_LINKED)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_LINKED)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)
fuzz-targets: $(FUZZ_TARGETS)
# The protocol and HTTP targets index corpus/ documents with bin/indexer.
fuzz: $(BINDIR)/indexer
	@$(MAKE) --no-print-directory $(FUZZ_BUILD) fuzz-targets
	@KILDE_BIN=$(CURDIR)/$(BINDIR) tests/fuzz/run.sh build/fuzz/fuzz $(FUZZ_SECONDS) $(FUZZ_ONLY)

-include $(shell find build -name '*.d' 2>/dev/null)

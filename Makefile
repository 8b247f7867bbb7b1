# tenantauth — committed Makefile; configure only generates config.mk (PgBouncer/git style).
#   make            build tenantauthd and tenantauthctl
#   make check      install missing packages, build, run every test (SANITIZE=1: ASan+UBSan)
#   make check-unit build and run the unit tests only (no database, web server, network)
#   make deb        build/deb/tenantauth_<version>_amd64.deb from a copy of the tree
#   make check-package  build the .deb, lintian, install, smoke-test, purge (root)
#   make demo       run a throwaway PostgreSQL + lighttpd + tenantauthd on :8080
#   make bench      wrk through lighttpd, figures as ratios against floors; then the
#                   tenancy scenario (BENCH_TENANTS=10000 for the issue's target)
#   make drills     fault drills under load (PostgreSQL restart, kill -9 of a worker, a
#                   locked tenant table, an unreadable key file): a table, exit 1 on a miss
#   make install    DESTDIR= prefix= sysconfdir=
#   make fuzz       libFuzzer targets build-fuzz/fuzz/<name> from fuzz/<name>.cpp (clang++,
#                   ASan+UBSan; the library compiled again by clang in build-fuzz/)
#   make fuzz-run   run each for FUZZ_SECONDS (60); fails on any crash, leak or UB report.
#                   make check runs them too when TA_FUZZ_SECONDS is set (.ci/run: 20)

.DEFAULT_GOAL := all
# One job per core unless the caller chose (-j1 to debug a build).
ifeq ($(filter -j% --jobs%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
NEEDS_PACKAGES := $(filter check demo bench drills,$(MAKECMDGOALS))

# The caller's CXXFLAGS/LDFLAGS (dpkg-buildflags in debian/rules) go to configure,
# which records them in config.mk. The assignments below override both and, as they
# came from the environment, would be exported to configure in their place.
CALLER_CXXFLAGS := $(CXXFLAGS)
CALLER_LDFLAGS := $(LDFLAGS)
config.mk: configure.ac config.mk.in
	$(if $(NEEDS_PACKAGES),scripts/install-deps &&) autoconf && \
	  $(if $(CALLER_CXXFLAGS),CXXFLAGS='$(CALLER_CXXFLAGS)') \
	  $(if $(CALLER_LDFLAGS),LDFLAGS='$(CALLER_LDFLAGS)') ./configure -q
# "make clean" or "distclean" (dh_auto_clean) must not run configure first.
ifneq ($(filter-out clean distclean,$(or $(MAKECMDGOALS),all)),)
-include config.mk
endif
mandir ?= $(datarootdir)/man

BUILD := build$(if $(SANITIZE),-san)
WARN := -Wall -Wextra -Werror
SANITIZERS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# GCC 12 reports false maybe-uninitialized inside <regex> once ASan instruments -O2
# code; the plain build keeps the warning.
SAN_FLAGS := $(if $(SANITIZE),$(SANITIZERS) -Wno-maybe-uninitialized)
CXXFLAGS := $(CONFIGURED_CXXFLAGS) -std=c++17 $(WARN) -MMD -MP -Isrc -I$(BUILD)/gen $(SAN_FLAGS)
LDFLAGS := $(CONFIGURED_LDFLAGS) $(SAN_FLAGS)
LIBS := -lfcgi -lPocoNetSSL -lPocoNet -lPocoJWT -lPocoJSON -lPocoCrypto -lPocoDataPostgreSQL \
        -lPocoData -lPocoUtil -lPocoFoundation -lpq -loath -lcrypt -lqrencode -lpng \
        -lboost_program_options -lsystemd -lssl -lcrypto -lpthread

DAEMON_MAIN := src/fcgi/main.cpp
CTL_MAIN := src/cli/main.cpp
LIB_SRC := $(filter-out $(DAEMON_MAIN) $(CTL_MAIN),$(shell find src -name '*.cpp' | sort))
SQL_FILES := $(sort $(wildcard sql/control/*.sql sql/tenant/*.sql))
GEN_SQL := $(BUILD)/gen/EmbeddedSql.cpp
LIB_OBJ := $(LIB_SRC:%.cpp=$(BUILD)/%.o) $(BUILD)/gen/EmbeddedSql.o
LIB_A := $(BUILD)/libtenantauth.a

UNIT_SRC := $(shell find tests -name '*Test.cpp' | sort) tests/support/unit_main.cpp \
            $(wildcard tests/support/*Unit*.cpp)
IT_SRC := $(shell find tests -name '*IT.cpp' | sort) \
          $(filter-out tests/support/unit_main.cpp $(wildcard tests/support/*Unit*.cpp),$(wildcard tests/support/*.cpp))
TEST_CXXFLAGS := -Itests/support

all: $(BUILD)/tenantauthd $(BUILD)/tenantauthctl

$(BUILD)/%.o: %.cpp config.mk
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(if $(filter tests/%,$<),$(TEST_CXXFLAGS)) -c $< -o $@

# The list of migration files, rewritten only when it changes: a new .sql file older
# than the generated source (from a merge or a copy) still regenerates it.
SQL_LIST := $(BUILD)/gen/sql-files.txt
$(shell mkdir -p $(BUILD)/gen && echo '$(SQL_FILES)' | cmp -s - $(SQL_LIST) || \
  echo '$(SQL_FILES)' > $(SQL_LIST))

$(GEN_SQL): $(SQL_FILES) $(SQL_LIST) scripts/embed-sql
	@mkdir -p $(@D)
	scripts/embed-sql $(SQL_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/EmbeddedSql.o: $(GEN_SQL)
	$(CXX) $(CXXFLAGS) -c $< -o $@

$(LIB_A): $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tenantauthd: $(BUILD)/$(DAEMON_MAIN:.cpp=.o) $(LIB_A)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tenantauthctl: $(BUILD)/$(CTL_MAIN:.cpp=.o) $(LIB_A)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/unit_tests: $(UNIT_SRC:%.cpp=$(BUILD)/%.o) $(LIB_A)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS) -lcppunit

$(BUILD)/tests/integration_tests: $(IT_SRC:%.cpp=$(BUILD)/%.o) $(LIB_A)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS) -lcppunit

tests: $(BUILD)/tests/unit_tests $(BUILD)/tests/integration_tests

deps:
	scripts/install-deps

check: deps all tests $(if $(TA_FUZZ_SECONDS),fuzz)
	TA_FUZZ_SECONDS=$(TA_FUZZ_SECONDS) TA_FUZZ_BUILD=$(FUZZ_BUILD) tests/run $(BUILD)

# What dh_auto_test runs at package build time.
check-unit: $(BUILD)/tests/unit_tests
	$(BUILD)/tests/unit_tests

# The .deb is built in a copy of the tree (tracked and new, not ignored files), so
# the package build's flags and "debian/rules clean" never touch build/ or config.mk.
DEB_DIR := build/deb
deb:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	git ls-files -z --cached --others --exclude-standard | \
	  xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
	  tar --null -T - -cf - | tar -xf - -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	  dpkg-buildpackage -b -us -uc -j$(shell nproc 2>/dev/null || echo 2)
	@ls $(DEB_DIR)/*.deb

check-package:
	tests/package/run

demo: deps all
	scripts/demo $(BUILD)

bench: deps all
	bench/run $(BUILD)
	bench/tenancy $(BUILD)

drills: deps all
	drills/run $(BUILD)

install: all
	install -d $(DESTDIR)$(sbindir) $(DESTDIR)$(sysconfdir)/tenantauth
	install -m 0755 $(BUILD)/tenantauthd $(BUILD)/tenantauthctl $(DESTDIR)$(sbindir)/
	install -d $(DESTDIR)$(mandir)/man5 $(DESTDIR)$(mandir)/man8
	install -m 0644 man/tenantauth.conf.5 $(DESTDIR)$(mandir)/man5/
	install -m 0644 man/tenantauthd.8 man/tenantauthctl.8 $(DESTDIR)$(mandir)/man8/
	test -e $(DESTDIR)$(sysconfdir)/tenantauth/tenantauth.conf || \
	  install -m 0640 etc/tenantauth.conf $(DESTDIR)$(sysconfdir)/tenantauth/tenantauth.conf

# libFuzzer needs clang's coverage instrumentation in the code it explores, so the
# library is compiled a second time, by clang, into build-fuzz/ (-O1: libFuzzer's
# usual trade of speed for precise reports). configure finds FUZZ_CXX.
FUZZ_BUILD := build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC = $(or $(FUZZ_CXX),$(error make fuzz needs clang++ with libFuzzer: apt-get install \
  clang libclang-rt-dev, then ./configure))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CXXFLAGS := -g -O1 $(filter -I% -D%,$(CONFIGURED_CXXFLAGS)) -std=c++17 $(WARN) -MMD -MP \
  -Isrc -I$(BUILD)/gen $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_NAMES := $(basename $(notdir $(wildcard fuzz/*.cpp)))
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz/%)
FUZZ_LIB_A := $(FUZZ_BUILD)/libtenantauth.a

$(FUZZ_BUILD)/src/%.o: src/%.cpp config.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FUZZ_BUILD)/gen/EmbeddedSql.o: $(GEN_SQL) config.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz/%.o: fuzz/%.cpp config.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FUZZ_LIB_A): $(LIB_SRC:%.cpp=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/gen/EmbeddedSql.o
	rm -f $@ && ar rcs $@ $^

$(FUZZ_BINS): $(FUZZ_BUILD)/fuzz/%: $(FUZZ_BUILD)/fuzz/%.o $(FUZZ_LIB_A)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS)

fuzz: $(FUZZ_BINS)

fuzz-run: fuzz
	scripts/fuzz-run $(FUZZ_BUILD) $(FUZZ_SECONDS)

format:
	clang-format -i $$(find src tests fuzz -name '*.cpp' -o -name '*.h')

clean:
	rm -rf build build-san build-fuzz

distclean: clean
	rm -rf config.mk config.log config.status configure autom4te.cache

.PHONY: all tests deps check check-unit deb check-package demo bench drills install fuzz \
        fuzz-run format clean distclean
-include $(shell find $(BUILD) -path $(BUILD)/deb -prune -o -type f -name '*.d' -print 2>/dev/null)
-include $(if $(filter fuzz%,$(MAKECMDGOALS))$(TA_FUZZ_SECONDS),$(shell find $(FUZZ_BUILD) -type f -name '*.d' 2>/dev/null))

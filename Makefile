# Sluice: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
CLI := build/bin/sluice
QUERY ?= Does vitamin D supplementation reduce the risk of fractures?

.PHONY: all build native run test unit services services-down bench clean operators-doc

all: build

# The CLI, framework-dependent, for this platform only (keeps build/bin small), and each heavy operator package in its
# own folder under build/packages, which the CLI loads when a script says `#r "sluice: NAME"`. A package's copies of
# what the CLI ships are removed: the CLI's own always serve (cli/Sluice.Cli/Packages/OperatorPackageLoadContext.cs).
PACKAGES := torch=operators/Sluice.Operators.Torch llama=operators/Sluice.Operators.Llama language=operators/Sluice.Operators.Language

build: native
	$(DOTNET) publish cli/Sluice.Cli -c $(CONFIG) -r linux-x64 --self-contained false -o build/bin -v quiet -nologo
	@if [ -f build/native/libsluice_isal.so ]; then cp -f build/native/libsluice_isal.so build/bin/; else rm -f build/bin/libsluice_isal.so; fi
	@for p in $(PACKAGES); do \
	  $(DOTNET) publish $${p#*=} -c $(CONFIG) -r linux-x64 --self-contained false -o build/packages/$${p%%=*} -v quiet -nologo || exit 1; \
	  for f in build/packages/$${p%%=*}/*; do if [ -f "$$f" ] && [ -e "build/bin/$${f##*/}" ]; then rm "$$f"; fi; done; \
	done

# The native kernels (native-kernels/README.md) into build/native; never fails: a kernel that cannot be built leaves
# its managed fallback in charge.
native:
	@bash native-kernels/build.sh

# The main job on embedded defaults: SciFact abstracts -> passages -> MiniLM embeddings -> Arrow shards, then a search.
run: build
	$(CLI) run examples/datastore.csx --output out/datastore
	$(CLI) search out/datastore --query "$(QUERY)" -k 5

# docs/operators.md, the verb catalogue; a test fails when the committed page differs from this output.
operators-doc: build
	$(CLI) ops --markdown > docs/operators.md

# Starts the real services the tests use (Ceph RADOS Gateway for S3, single-node Slurm; chromium for the report
# browser test; wget, bzip2 and gzip as peers of the WARC, bzip2 and ISA-L tests), then every test.
test: services build
	bash scripts/run-tests.sh

services:
	bash scripts/services/s3-up.sh
	bash scripts/services/slurm-up.sh
	bash scripts/services/chromium-up.sh
	bash scripts/services/tools-up.sh

services-down:
	-bash scripts/services/slurm-down.sh
	-bash scripts/services/s3-down.sh

bench: build
	bash scripts/bench.sh

clean:
	rm -rf build out
	$(DOTNET) clean -v quiet -nologo

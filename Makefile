# Faultline's front door. Every target sets up what it needs first (scripts/setup.sh skips
# whatever is already installed at the right version).
.PHONY: setup serve test pkg bench

setup:
	@scripts/setup.sh

serve: setup
	@scripts/serve.sh

test: setup
	@scripts/test.sh

pkg: setup
	@scripts/pkg.sh
	@scripts/viewer-bundle.sh
	@scripts/npm-pack.sh

bench: setup
	@scripts/bench.sh

#!/bin/sh
# Refresh the vendored NL Design System CSS (site_templates/static/nlds-*.css) from npm.
# Usage: tools/vendor_nlds.sh [TOKENS_VERSION] [COMPONENTS_VERSION]
set -eu
tokens="${1:-11.1.0}"
components="${2:-12.0.0}"
COMPONENTS="utrecht-table nl-skip-link utrecht-page-footer"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --no-audit --no-fund \
    "@rijkshuisstijl-community/design-tokens@$tokens" "@rijkshuisstijl-community/components-css@$components" >/dev/null
modules="$work/node_modules/@rijkshuisstijl-community"
cp "$modules/design-tokens/dist/index.css" "$here/site_templates/static/nlds-design-tokens.css"
# Only the components the templates use (class prefixes), to keep the pages light.
python3 "$here/tools/nlds_subset.py" "$modules/components-css/dist/index.css" \
    "$here/site_templates/static/nlds-components.css" $COMPONENTS
echo "vendored design-tokens $tokens and components-css $components; update the versions in site_templates/static/NLDS-LICENCE.md"

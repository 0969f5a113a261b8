#!/usr/bin/env bash
# The example opsamling in docs/example/: a rehearsal of the bundled temadag with three groups' answers
# (svar.toml), the facilitator's edited synthesis (sammenfatning.toml) and the draft it gives again (udkast.toml), the Word document and the slides,
# with a made-up municipality's logo (logo.png), and PNG pages rendered by LibreOffice for a reader who has neither Word nor PowerPoint at hand.
# Needs: aktorskab installed, LibreOffice (soffice) and poppler-utils (pdftoppm).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)/example"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export AKTORSKAB_DB="$work/eksempel.db"
cd "$work"
aktorskab import temadag "$here/svar.toml" >/dev/null
aktorskab summary apply "$here/sammenfatning.toml"
(cd "$here" && aktorskab summary draft 1 -o udkast.toml --force >/dev/null)   # the draft summary draft writes from that synthesis (written where it lies, it names itself as »udkast.toml«)
aktorskab export 1 -o "$here/opsamling.docx" --force --logo "$here/logo.png"
aktorskab export 1 -o "$here/opsamling.pptx" --force --logo "$here/logo.png"
rm -f "$here"/side-*.png "$here"/dias-*.png
pages() {  # LibreOffice to PDF, then pdftoppm: PNG pages named $2-N.png at $3 dpi
  soffice -env:UserInstallation="file://$work/lo" --headless --convert-to pdf --outdir "$work" "$1" >/dev/null
  pdftoppm -r "$3" -png "$work/$(basename "${1%.*}").pdf" "$here/$2"
}
pages "$here/opsamling.docx" side 45
pages "$here/opsamling.pptx" dias 30
ls "$here"

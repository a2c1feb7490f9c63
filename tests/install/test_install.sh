#!/usr/bin/env bash
# `make install` layout: library (shared + static), headers, pkg-config file,
# program, man page and the default model (when the tree has one); a program compiles and links against the installed
# library through pkg-config and runs.
. "$(dirname "$0")/../cli/lib.sh"
: "${SER_BINARY_DIR:?}"
prefix="$TMP/prefix"
expect_exit 0 "cmake --install" -- cmake --install "$SER_BINARY_DIR" --prefix "$prefix"
libdir=$(ls -d "$prefix"/lib* | head -1)
for f in "$prefix/bin/ser" "$prefix/include/ser/ser.h" "$prefix/include/ser/version.h" \
         "$prefix/share/man/man1/ser.1" "$libdir/libser.a" "$libdir/pkgconfig/ser.pc"; do
    if [ -e "$f" ] || ls "$libdir"/*/"$(basename "$f")" >/dev/null 2>&1; then ok "installed $(basename "$f")"; else fail "missing $f"; fi
done
pcdir=$(dirname "$(find "$prefix" -name ser.pc | head -1)")
ls "$pcdir"/../libser.so* >/dev/null 2>&1 && ok "installed libser.so" || fail "missing libser.so"
expect_exit 0 "installed ser --version" -- "$prefix/bin/ser" --version
if [ -f "$SER_SOURCE_DIR/models/default.sermodel" ]; then
    cmp -s "$SER_SOURCE_DIR/models/default.sermodel" "$prefix/share/ser/models/default.sermodel" \
        && [ -f "$prefix/share/ser/models/README.md" ] && ok "installed the default model and its README" \
        || fail "share/ser/models/default.sermodel or README.md missing or different"
fi
if [ "${SER_SANITIZE:-OFF}" = "ON" ]; then
    echo "skip: linking a plain program against the sanitizer-built library"
else
    cat > "$TMP/hello.c" <<'C'
#include <stdio.h>
#include <ser/ser.h>
int main(void) { printf("%s %s\n", ser_version(), ser_strerror(SER_ERR_IO)); return 0; }
C
    export PKG_CONFIG_PATH="$pcdir"
    if cc -o "$TMP/hello" "$TMP/hello.c" $(pkg-config --cflags --libs ser) -Wl,-rpath,"$pcdir/.." 2>"$TMP/cc.err"; then
        ok "compiled against installed libser"
        expect_exit 0 "linked program runs" -- "$TMP/hello"
        expect_grep "$TMP/out" "^[0-9]+\.[0-9]+\.[0-9]+ input/output error" "program prints version"
    else
        fail "compile against installed libser: $(cat "$TMP/cc.err")"
    fi
fi
finish

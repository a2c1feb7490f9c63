#!/usr/bin/env bash
# Output that cannot be written: a read-only folder, a full disk (a 64 kB
# tmpfs in a private mount namespace, and /dev/full) give a clear error
# naming the file (exit 1), keep the old file and leave no temporary file;
# a device destination (/dev/full, /dev/null) is written in place, not
# replaced.  The devices are bind-mounted onto files of the private tmpfs,
# so even a regression (a rename over them) cannot touch the real ones.
# The tmpfs needs `unshare -rm` (user + mount namespaces; no root needed);
# without it those checks are skipped with the reason.  chmod 555 does not
# stop root, so the read-only folder is a read-only mount when unshare works,
# else a chmod'ed folder for a non-root user.
. "$(dirname "$0")/../cli/lib.sh"
CSV="$TMP/f.csv"
"$SERTEST" feature-csv "$CSV" 6 4 6 neutral,happy,sad,angry 0
"$SER" train --features "$CSV" --search none --cv 3 -o "$TMP/old.model" >/dev/null 2>&1
[ -s "$TMP/old.model" ] && ok "a model to keep" || fail "no model trained"
WAV="$SER_SHARED/vectors/inputs/speech_16000.wav"

# Read-only folder without root: chmod.
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$TMP/ro" && cp "$TMP/old.model" "$TMP/ro/m.model" && chmod 555 "$TMP/ro"
    expect_exit 1 "train into a read-only folder" -- "$SER" train --features "$CSV" --search none --cv 3 -o "$TMP/ro/m.model"
    expect_grep "$TMP/err" "ro/m.model: cannot create a temporary file next to it: Permission denied" "names the file and the reason"
    cmp -s "$TMP/ro/m.model" "$TMP/old.model" && ok "old model kept" || fail "old model changed"
    chmod 755 "$TMP/ro"
fi

# A tiny tmpfs in a private mount namespace: full, then read-only.
if ! unshare -rm true 2>/dev/null; then
    echo "# skip tmpfs checks: unshare -rm is not permitted here (no user namespaces)"
    finish
    exit $?
fi
D="$TMP/small"
mkdir "$D"
cat >"$TMP/inner.sh" <<'INNER'
set -u
D=$1; SER=$2; CSV=$3; OLD=$4; WAV=$5; OUT=$6
mount -t tmpfs -o size=64k tmpfs "$D" || exit 99
touch "$D/full" "$D/null"
if mount --bind /dev/full "$D/full" && mount --bind /dev/null "$D/null"; then
    "$SER" train --features "$CSV" --search none --cv 3 -o "$D/full" >/dev/null 2>"$OUT/dev.err"
    echo $? >"$OUT/devfull.rc"
    "$SER" train --features "$CSV" --search none --cv 3 -o "$D/null" >/dev/null 2>>"$OUT/dev.err"
    echo $? >"$OUT/devnull.rc"
    [ -c "$D/full" ] && [ -c "$D/null" ] && echo yes >"$OUT/dev.kept"
    umount "$D/full" "$D/null"
fi
rm -f "$D/full" "$D/null"
cp "$OLD" "$D/m.model"
# a forest model is far larger than 64 kB
"$SER" train --features "$CSV" --kind forest --n-iter 1 --cv 3 -o "$D/m.model" >/dev/null 2>"$OUT/full.err"
echo $? >"$OUT/full.rc"
cmp -s "$D/m.model" "$OLD" && echo kept >"$OUT/full.kept"
ls -A "$D" >"$OUT/full.ls"
# fill the rest of the disk, then a small feature table cannot be written either
dd if=/dev/zero of="$D/filler" bs=1k count=64 2>/dev/null
"$SER" features -o "$D/f.csv" "$WAV" >/dev/null 2>"$OUT/feat.err"
echo $? >"$OUT/feat.rc"
rm -f "$D/filler"
mount -o remount,ro "$D" || exit 98
"$SER" train --features "$CSV" --search none --cv 3 -o "$D/m.model" >/dev/null 2>"$OUT/ro.err"
echo $? >"$OUT/ro.rc"
cmp -s "$D/m.model" "$OLD" && echo kept >"$OUT/ro.kept"
exit 0
INNER
unshare -rm bash "$TMP/inner.sh" "$D" "$SER" "$CSV" "$TMP/old.model" "$WAV" "$TMP"
rc=$?
if [ $rc -ne 0 ]; then
    echo "# skip tmpfs checks: cannot mount a tmpfs in the namespace (status $rc)"
    finish
    exit $?
fi
if [ -f "$TMP/devfull.rc" ]; then
    [ "$(cat "$TMP/devfull.rc")" = 1 ] && ok "-o /dev/full: exit 1" || fail "-o /dev/full: exit $(cat "$TMP/devfull.rc")"
    expect_grep "$TMP/dev.err" 'small/full: cannot write: no space left on device \(disk full\)' "/dev/full: names the file and the full disk"
    [ "$(cat "$TMP/devnull.rc")" = 0 ] && ok "-o /dev/null: exit 0" || fail "-o /dev/null: exit $(cat "$TMP/devnull.rc")"
    [ -f "$TMP/dev.kept" ] && ok "devices written in place, still devices" || fail "a device was replaced"
else
    echo "# skip device checks: cannot bind-mount /dev/full in the namespace"
fi
[ "$(cat "$TMP/full.rc")" = 1 ] && ok "full disk: train exits 1" || fail "full disk: train exit $(cat "$TMP/full.rc")"
expect_grep "$TMP/full.err" 'small/m.model: cannot write: no space left on device \(disk full\)' "full disk: names the file and the reason"
[ -f "$TMP/full.kept" ] && ok "full disk: old model kept" || fail "full disk: old model changed"
[ "$(cat "$TMP/full.ls")" = m.model ] && ok "full disk: no temporary file left" || fail "full disk: folder holds $(cat "$TMP/full.ls")"
[ "$(cat "$TMP/feat.rc")" = 1 ] && ok "full disk: features exits 1" || fail "full disk: features exit $(cat "$TMP/feat.rc")"
expect_grep "$TMP/feat.err" 'f.csv: cannot (write|create a temporary file next to it): no space left on device' "full disk: features names the file"
[ "$(cat "$TMP/ro.rc")" = 1 ] && ok "read-only mount: train exits 1" || fail "read-only mount: train exit $(cat "$TMP/ro.rc")"
expect_grep "$TMP/ro.err" 'small/m.model: cannot create a temporary file next to it: Read-only file system' "read-only: names the file and the reason"
[ -f "$TMP/ro.kept" ] && ok "read-only mount: old model kept" || fail "read-only mount: old model changed"
finish

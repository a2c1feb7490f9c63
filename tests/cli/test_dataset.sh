#!/usr/bin/env bash
# ser dataset: the README counts of the shared corpora, JSON shape, label
# selection and merges, manifests, splits and fold files, exit codes.
. "$(dirname "$0")/lib.sh"
DATA="$SER_SHARED/data"

expect_exit 0 "ser dataset --help" -- "$SER" dataset --help
expect_grep "$TMP/out" "^Usage: ser dataset" "help shows usage"
expect_grep "$TMP/out" "ravdess8-si" "help lists the protocols"

if [ -d "$DATA/ravdess" ]; then
    # Counts from shared/data/README.md.
    expect_exit 0 "ravdess" -- "$SER" dataset --json "$DATA/ravdess"
    expect_grep "$TMP/out" '^\{"total":1440,"labels":\{"neutral":96,"calm":192,"happy":192,"sad":192,"angry":192,"fearful":192,"disgust":192,"surprised":192\},"speakers":\{' "ravdess: 1440 files, neutral 96, the others 192"
    expect_grep "$TMP/out" '"corpora":\{"ravdess":1440\},"errors":\[\]\}$' "ravdess: one corpus, no errors"
    n=$(grep -o '"ravdess:[0-9][0-9]":60' "$TMP/out" | wc -l)
    [ "$n" -eq 24 ] && ok "ravdess: 24 actors of 60 files" || fail "ravdess: $n actors with 60 files, want 24"

    expect_exit 0 "emodb" -- "$SER" dataset --json "$DATA/emodb"
    expect_grep "$TMP/out" '^\{"total":535,"labels":\{"neutral":79,"happy":71,"sad":62,"angry":127,"fearful":69,"disgust":46,"boredom":81\}' "emodb: 535 files, README label counts"
    n=$(grep -o '"emodb:[0-9][0-9]":[0-9]*' "$TMP/out" | wc -l)
    [ "$n" -eq 10 ] && ok "emodb: 10 speakers" || fail "emodb: $n speakers, want 10"

    expect_exit 0 "turevdb" -- "$SER" dataset --json "$DATA/turevdb"
    expect_grep "$TMP/out" '^\{"total":1735,"labels":\{"calm":408,"happy":357,"sad":483,"angry":487\}' "turevdb: 1735 files, README label counts"
    n=$(grep -o '"turevdb:[0-9]*":[0-9]*' "$TMP/out" | wc -l)
    [ "$n" -eq 6 ] && ok "turevdb: 6 speakers" || fail "turevdb: $n speakers, want 6"

    # Human output: neat table.
    expect_exit 0 "ravdess table" -- "$SER" dataset "$DATA/ravdess"
    expect_grep "$TMP/out" "^1440 files usable, 0 skipped; 24 speakers, 1 corpus" "table headline"
    expect_grep "$TMP/out" "^neutral +96 +6\.7%" "table row per label"
    expect_grep "$TMP/out" "^ravdess +1440 +24$" "table row per corpus"
    expect_grep "$TMP/out" "ravdess:24 +60" "table row per speaker"

    # The data root holds README.md: documentation is skipped silently, exit 0.
    expect_exit 0 "data root with README.md" -- "$SER" dataset --json "$DATA"
    expect_grep "$TMP/out" '"total":3710' "data root: 3710 files"
    expect_grep "$TMP/out" '"errors":\[\]' "README.md is not an error"

    # Class selection and merges.
    expect_exit 0 "--labels" -- "$SER" dataset --json --labels neutral,happy,sad,angry "$DATA/ravdess"
    expect_grep "$TMP/out" '^\{"total":672,"labels":\{"neutral":96,"happy":192,"sad":192,"angry":192\}' "ravdess-4: 672 files"
    expect_exit 0 "--merge" -- "$SER" dataset --json --merge calm=neutral --merge surprised=happy "$DATA/ravdess"
    expect_grep "$TMP/out" '"labels":\{"neutral":288,"happy":384,' "merges add up"
    expect_exit 0 "--labels after merge" -- "$SER" dataset --json --labels neutral --merge calm=neutral "$DATA/ravdess"
    expect_grep "$TMP/out" '^\{"total":288,' "merged class selected"

    # Protocols and fold files.
    expect_exit 0 "--protocol ravdess8-si" -- "$SER" dataset --data "$DATA" --protocol ravdess8-si --folds-out "$TMP/r8.csv"
    expect_grep "$TMP/out" "^groups split of ravdess8-si: 6 splits" "6 speaker folds"
    expect_grep "$TMP/out" "^5 +1200 +240 +4  neutral 16 calm 32" "fold of 4 actors, stratified"
    [ "$(wc -l <"$TMP/r8.csv")" -eq 1441 ] && ok "fold file: header + 1440 rows" || fail "fold file has $(wc -l <"$TMP/r8.csv") lines"
    expect_grep "$TMP/r8.csv" "^path,fold$" "fold file header"
    expect_grep "$TMP/r8.csv" "Actor_24/03-01-08-02-02-02-24.flac,5$" "actor 24 in fold 5"
    expect_exit 0 "--protocol ravdess4-random --json" -- "$SER" dataset --json --data "$DATA" --protocol ravdess4-random
    expect_grep "$TMP/out" '"splits":\[\{"train":537,"test":135,' "80/20: 537 + 135"
    for seed in 1 1 2; do
        "$SER" dataset "$DATA/emodb" --split kfold --folds 5 --seed $seed --folds-out "$TMP/k$seed.$RANDOM.csv" >/dev/null
    done
    set -- "$TMP"/k1.*.csv
    cmp -s "$1" "$2" && ok "same seed, same folds" || fail "same seed gave different folds"
    cmp -s "$1" "$TMP"/k2.*.csv && fail "different seeds gave the same folds" || ok "different seed, different folds"
    expect_exit 0 "--split loso" -- "$SER" dataset --json "$DATA/emodb" --split loso
    n=$(grep -o '"test_speakers":1' "$TMP/out" | wc -l)
    [ "$n" -eq 10 ] && ok "loso: 10 folds of one speaker" || fail "loso: $n one-speaker folds"
else
    echo "# $DATA not found: shared-corpus checks skipped"
fi

# Synthetic trees: label folders, corpus names, junk.
mkdir -p "$TMP/ds/angry" "$TMP/ds/Sad" "$TMP/ds/misc" "$TMP/empty"
touch "$TMP/ds/angry/a.wav" "$TMP/ds/angry/b.MP3" "$TMP/ds/Sad/c.ogg" "$TMP/ds/misc/03a01Fa.flac" \
      "$TMP/ds/misc/unknown.wav" "$TMP/ds/misc/notes.txt" "$TMP/ds/misc/clip.m4a"
expect_exit 3 "some files skipped" -- "$SER" dataset --json "$TMP/ds"
expect_grep "$TMP/out" '^\{"total":4,"labels":\{"happy":1,"sad":1,"angry":2\},"speakers":\{"emodb:03":1\},"corpora":\{"emodb":1,"folder":3\},"errors":\[' "label folders and EmoDB names"
expect_grep "$TMP/out" '\{"path":"[^"]*/misc/clip.m4a","error":"unsupported extension' "unsupported extension listed"
expect_grep "$TMP/out" '\{"path":"[^"]*/misc/unknown.wav","error":"unknown naming convention' "unknown convention listed"
expect_grep "$TMP/err" "2 skipped" "skips counted on stderr"

# Manifest with BOM, CRLF, quotes, a duplicate and a header.
touch "$TMP/ds/misc/x,y.wav"
printf '\xef\xbb\xbfpath,label,speaker\r\nangry/a.wav,anger,s1\r\n"misc/x,y.wav","happy",s2\r\nangry/a.wav,anger,s1\r\n' >"$TMP/ds/calls.csv"
expect_exit 3 "manifest with a duplicate" -- "$SER" dataset --json "$TMP/ds/calls.csv"
expect_grep "$TMP/out" '^\{"total":2,"labels":\{"happy":1,"angry":1\},"speakers":\{"calls:s1":1,"calls:s2":1\},"corpora":\{"calls":2\}' "manifest rows"
expect_grep "$TMP/out" '"error":"calls.csv line 4: duplicate of calls.csv line 2; counted once"' "duplicate reported"
printf 'path,label\nangry/a.wav,angry\n' >"$TMP/ds/ok.csv"
expect_exit 0 "clean manifest" -- "$SER" dataset "$TMP/ds/ok.csv"

# Runtime errors.
expect_exit 1 "missing folder" -- "$SER" dataset "$TMP/nope"
expect_grep "$TMP/err" "nope: No such file or directory" "missing folder named"
expect_exit 1 "empty folder" -- "$SER" dataset "$TMP/empty"
expect_grep "$TMP/err" "no usable files" "empty folder reported"
expect_exit 3 "one missing input of two" -- "$SER" dataset "$TMP/nope" "$TMP/ds/ok.csv"
expect_exit 1 "loso without speakers" -- "$SER" dataset "$TMP/ds/angry" --split loso
expect_grep "$TMP/err" "has no speaker, which a loso split needs" "speakerless split explained"

# Usage errors.
expect_exit 2 "no input" -- "$SER" dataset
expect_exit 2 "unknown label" -- "$SER" dataset --labels angry,joyful "$TMP/ds"
expect_grep "$TMP/err" "unknown label 'joyful'" "unknown label named"
expect_exit 2 "merge cycle" -- "$SER" dataset --merge calm=neutral,neutral=calm "$TMP/ds"
expect_grep "$TMP/err" "merge cycle: " "merge cycle named"
expect_exit 2 "bad option" -- "$SER" dataset --frob "$TMP/ds"
expect_grep "$TMP/err" "unknown option '--frob'" "bad option named"
expect_exit 2 "missing value" -- "$SER" dataset "$TMP/ds" --labels
expect_exit 2 "unknown split" -- "$SER" dataset --split random "$TMP/ds"
expect_exit 2 "--folds-out without split" -- "$SER" dataset --folds-out "$TMP/f.csv" "$TMP/ds"
expect_exit 2 "bad --folds" -- "$SER" dataset --split kfold --folds 1 "$TMP/ds"
expect_exit 2 "unknown protocol" -- "$SER" dataset --protocol ravdess-9
expect_exit 2 "protocol with --labels" -- "$SER" dataset --protocol emodb7-loso --labels angry
finish

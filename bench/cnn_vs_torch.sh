#!/usr/bin/env bash
# make bench: our CNN (bench/cnn_bench.c on libser) against the same network
# and training procedure in PyTorch (bench/cnn_vs_torch.py, /usr/bin/python3)
# on the SAME log-mel images (RAVDESS-4: neutral, happy, sad, angry, exported
# once by `ser train --kind cnn --images-out`), the same test split (every
# 5th image), batch 32, EPOCHS epochs, at equal threads (ours: -t THREADS
# data-parallel workers, OpenBLAS one thread each; torch.set_num_threads).
# Prints wall and CPU seconds per epoch of both, their ratios and both test
# accuracies.  The machine is shared: run once, the two runs back to back;
# the ratios are the figures to read, not the absolute times (under heavy
# load the CPU ratio is the steadier one; torch's OpenMP threads may spin).
#
# Usage: bench/cnn_vs_torch.sh [SER]
#   env EPOCHS=3 THREADS=2 SEED=0 DATA=../shared/data OUTDIR=/tmp/ser-bench-cnn
set -u
SER=${1:-build/ser}
EPOCHS=${EPOCHS:-3}
THREADS=${THREADS:-2}
SEED=${SEED:-0}
DATA=${DATA:-../shared/data}
OUTDIR=${OUTDIR:-/tmp/ser-bench-cnn}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=$(cd "$(dirname "$SER")" && pwd)
mkdir -p "$OUTDIR"
npy="$OUTDIR/ravdess4.npy"
if [ ! -s "$npy" ]; then
    echo "# $SER train --kind cnn $DATA/ravdess --labels neutral,happy,sad,angry --images-out $npy --epochs 1 -j $THREADS" >&2
    "$SER" train --kind cnn "$DATA/ravdess" --labels neutral,happy,sad,angry --images-out "$npy" --epochs 1 \
        -j "$THREADS" -o "$OUTDIR/unused.model" > /dev/null || exit 1
fi
cc -O2 -I"$ROOT/include" -I"$BUILD/include" "$HERE/cnn_bench.c" "$BUILD/libser.a" \
    $(pkg-config --libs openblas) -lpthread -lm -o "$OUTDIR/cnn_bench" || exit 1
"$OUTDIR/cnn_bench" -e "$EPOCHS" -t "$THREADS" -s "$SEED" "$npy" > "$OUTDIR/ours.log" || exit 1
cat "$OUTDIR/ours.log"
/usr/bin/python3 "$HERE/cnn_vs_torch.py" "$npy" "$EPOCHS" "$THREADS" "$SEED" > "$OUTDIR/torch.log" || exit 1
cat "$OUTDIR/torch.log"
ours=$(tail -1 "$OUTDIR/ours.log")
torch=$(tail -1 "$OUTDIR/torch.log")
o=$(echo "$ours" | awk '{print $2}')
t=$(echo "$torch" | awk '{print $2}')
oc=$(echo "$ours" | awk '{print $7}')
tc=$(echo "$torch" | awk '{print $7}')
echo "CNN, RAVDESS-4 images, $EPOCHS epochs, batch 32, $THREADS threads each:"
echo "  $ours"
echo "  $torch"
awk -v o="$o" -v t="$t" -v oc="$oc" -v tc="$tc" \
    'BEGIN { printf "  per epoch, ours / torch: wall %.2f, CPU %.2f\n", o / t, oc / tc }'

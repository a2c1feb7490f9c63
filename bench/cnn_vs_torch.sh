#!/usr/bin/env bash
# make bench: our CNN (bench/cnn_bench.c on libser) against the same network
# and training procedure in PyTorch (bench/cnn_vs_torch.py, /usr/bin/python3)
# on the SAME log-mel images (RAVDESS-4: neutral, happy, sad, angry, exported
# once by `ser train --kind cnn --images-out`), the same test split (every
# 5th image), batch 32, EPOCHS epochs, at equal threads (ours: -t THREADS
# data-parallel workers, OpenBLAS one thread each; torch.set_num_threads).
# Prints seconds per epoch of both, their ratio and both test accuracies.
# The machine is shared: run once, the two runs back to back; the ratio is
# the figure to read, not the absolute times.
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
ours=$("$OUTDIR/cnn_bench" -e "$EPOCHS" -t "$THREADS" -s "$SEED" "$npy" | tee /dev/stderr | tail -1)
torch=$(/usr/bin/python3 "$HERE/cnn_vs_torch.py" "$npy" "$EPOCHS" "$THREADS" "$SEED" | tee /dev/stderr | tail -1)
o=$(echo "$ours" | awk '{print $2}')
t=$(echo "$torch" | awk '{print $2}')
echo "CNN, RAVDESS-4 images, $EPOCHS epochs, batch 32, $THREADS threads each:"
echo "  $ours"
echo "  $torch"
awk -v o="$o" -v t="$t" 'BEGIN { printf "  time per epoch, ours / torch: %.2f\n", o / t }'

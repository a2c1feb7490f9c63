"""PyTorch side of bench/cnn_vs_torch.sh: the network of ser_cnn_config_default
(4 blocks conv3x3-BN-ReLU-maxpool2 of 32/64/128/128 filters, global average
pool, dropout 0.3, linear) on the images `ser train --kind cnn --images-out`
wrote, with the procedure of ser_cnn_train: per-band normalisation fitted on
the training images, 10 % stratified validation, Adam 1e-3, batch 32 (a last
batch of 1 dropped), batch-norm statistics recomputed over the training images
after every epoch (dropout off), validation loss/accuracy in eval mode.  Test
set: every 5th image (i % 5 == 4), as bench/cnn_bench.c.  Fixed epochs.

usage: /usr/bin/python3 bench/cnn_vs_torch.py X.npy EPOCHS THREADS [SEED]
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn


def block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout, momentum=None), nn.ReLU(), nn.MaxPool2d(2)]


class Net(nn.Module):
    def __init__(self, k, filters=(32, 64, 128, 128)):
        super().__init__()
        layers, cin = [], 1
        for f in filters:
            layers += block(cin, f)
            cin = f
        self.features = nn.Sequential(*layers)
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(cin, k)

    def forward(self, x):
        x = self.features(x).mean(dim=(2, 3))
        return self.fc(self.drop(x))


def recompute_bn(net, x, bs):
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
    net.train()
    net.drop.eval()
    with torch.no_grad():
        for s in range(0, len(x), bs):
            net(x[s:s + bs])
    net.eval()


def evaluate(net, x, y, bs):
    net.eval()
    loss, hits = 0.0, 0
    with torch.no_grad():
        for s in range(0, len(x), bs):
            z = net(x[s:s + bs])
            loss += nn.functional.cross_entropy(z, y[s:s + bs], reduction="sum").item()
            hits += (z.argmax(1) == y[s:s + bs]).sum().item()
    return loss / len(x), hits / len(x)


def main():
    path, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x = np.load(path)
    y = np.load(path[:-4] + ".labels.npy").astype(np.int64)
    test = np.arange(len(y)) % 5 == 4
    xtr, ytr, xte, yte = x[~test], y[~test], x[test], y[test]
    val = np.zeros(len(ytr), bool)
    for c in np.unique(ytr):
        idx = rng.permutation(np.flatnonzero(ytr == c))
        val[idx[:int(np.floor(0.1 * len(idx) + 0.5))]] = True
    xv, yv, xt, yt = xtr[val], ytr[val], xtr[~val], ytr[~val]
    mu = xt.mean(axis=(0, 2), keepdims=True)
    sd = np.maximum(xt.std(axis=(0, 2), keepdims=True), 1e-3)
    prep = lambda a: torch.from_numpy(((a - mu) / sd).astype(np.float32)[:, None])
    xt, xv, xte_t = prep(xt), prep(xv), prep(xte)
    yt, yv, yte_t = torch.from_numpy(yt), torch.from_numpy(yv), torch.from_numpy(yte)
    k = int(y.max()) + 1
    net = Net(k)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    bs = 32
    print(f"torch: {len(yt) + len(yv)} train / {len(yte)} test images of {x.shape[1]} x {x.shape[2]}, "
          f"{k} classes, {threads} threads")
    t0, c0 = time.perf_counter(), time.process_time()
    for e in range(epochs):
        te, ce = time.perf_counter(), time.process_time()
        net.train()
        perm = torch.from_numpy(rng.permutation(len(yt)))
        lsum, hits, seen = 0.0, 0, 0
        for s in range(0, len(yt) - 1, bs):
            b = perm[s:s + bs]
            opt.zero_grad()
            z = net(xt[b])
            loss = nn.functional.cross_entropy(z, yt[b])
            loss.backward()
            opt.step()
            lsum += loss.item() * len(b)
            hits += (z.argmax(1) == yt[b]).sum().item()
            seen += len(b)
        recompute_bn(net, xt, bs)
        vl, va = evaluate(net, xv, yv, bs)
        print(f"torch epoch {e + 1}: {time.perf_counter() - te:.2f} s (CPU {time.process_time() - ce:.2f} s), "
              f"train loss {lsum / seen:.4f} "
              f"acc {hits / seen:.3f}, val loss {vl:.4f} acc {va:.3f}", flush=True)
    per_epoch = (time.perf_counter() - t0) / epochs
    cpu_epoch = (time.process_time() - c0) / epochs
    _, acc = evaluate(net, xte_t, yte_t, bs)
    print(f"torch: {per_epoch:.3f} s per epoch (CPU {cpu_epoch:.3f} s), test accuracy {acc:.4f}")


if __name__ == "__main__":
    main()

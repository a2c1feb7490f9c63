#!/usr/bin/python3
"""Reference forward/backward pass of a small fixed CNN, by PyTorch.

Writes tests/ml/data/cnn_reference.json for tests/ml/test_cnn_torch.c.
Run with Debian's interpreter:  /usr/bin/python3 tests/ml/make_cnn_reference.py

Network (NCHW, the same layout as libser's ser_cnn with n_blocks=2,
filters 4/8, pool on block 0 only, kernel 3, dropout 0):
  conv(1->4, 3x3, pad 1) - bn - relu - maxpool 2x2
  - conv(4->8, 3x3, pad 1) - bn - relu - global average pool - dense(8->4)
Loss: weighted cross-entropy (PyTorch's weighted mean).  Training mode
(batch statistics).  Weights and input are drawn in float32 (seed 1234)
and everything is computed in float64 from those exact values.
Also: two Adam steps and two SGD-momentum steps (weight decay on) from
these gradients, as torch.optim does them.
"""
import json
import os

import torch
import torch.nn as nn

torch.manual_seed(1234)
N, H, W, K = 4, 8, 10, 4


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4, eps=1e-5)
        self.conv2 = nn.Conv2d(4, 8, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(8, eps=1e-5)
        self.fc = nn.Linear(8, K)

    def forward(self, x):
        x = nn.functional.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)
        x = torch.relu(self.bn2(self.conv2(x)))
        return self.fc(x.mean(dim=(2, 3)))


net = Net()
with torch.no_grad():
    for p in net.parameters():  # non-trivial BN affine parameters too
        p.copy_(torch.empty_like(p).uniform_(-0.8, 0.8))
    net.bn1.weight.copy_(torch.empty(4).uniform_(0.5, 1.5))
    net.bn2.weight.copy_(torch.empty(8).uniform_(0.5, 1.5))
x = torch.randn(N, 1, H, W, dtype=torch.float32) * 2.0
labels = torch.tensor([0, 3, 1, 3])
class_w = torch.tensor([0.5, 2.0, 1.0, 1.5], dtype=torch.float64)

net = net.double()
x = x.double()
net.train()
logits = net(x)
loss = nn.functional.cross_entropy(logits, labels, weight=class_w)
net.zero_grad()
loss.backward()

params = [p.detach().clone() for p in net.parameters()]
grads = [p.grad.detach().clone() for p in net.parameters()]
flat = lambda ts: [float(v) for t in ts for v in t.reshape(-1).tolist()]


def optimised(make):
    ps = [torch.nn.Parameter(p.clone()) for p in params]
    opt = make(ps)
    for _ in range(2):
        for p, g in zip(ps, grads):
            p.grad = g.clone()
        opt.step()
    return flat([p.detach() for p in ps])


adam = optimised(lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-3))
sgd = optimised(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-3))

out = {
    "torch_version": torch.__version__,
    "n": N, "height": H, "width": W, "n_classes": K,
    "input": flat([x]),
    "labels": labels.tolist(),
    "class_weights": class_w.tolist(),
    "params": flat(params),
    "logits": flat([logits.detach()]),
    "probs": flat([torch.softmax(logits.detach(), dim=1)]),
    "loss": float(loss),
    "grads": flat(grads),
    "adam": {"lr": 1e-2, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-3, "steps": 2,
             "params": adam},
    "sgd": {"lr": 0.1, "momentum": 0.9, "weight_decay": 1e-3, "steps": 2, "params": sgd},
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "cnn_reference.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print(path, "loss", float(loss))

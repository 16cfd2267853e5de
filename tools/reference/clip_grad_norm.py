"""Reference values for jnn's gradient clipping (CheckpointTest.clippingMatchesPyTorch).

Two parameters with fixed gradients, clipped by torch.nn.utils.clip_grad_norm_ (PyTorch 1.13) to
max_norm 1.5; prints the total norm it returns and the clipped gradients, as Java literals.
Run: /usr/bin/python3 tools/reference/clip_grad_norm.py
"""
import torch

w = torch.zeros(2, 3, requires_grad=True)
b = torch.zeros(3, requires_grad=True)
w.grad = torch.tensor([[0.5, -1.25, 2.0], [3.0, -0.75, 0.125]])
b.grad = torch.tensor([1.5, -2.5, 0.25])
total = torch.nn.utils.clip_grad_norm_([w, b], max_norm=1.5)
fmt = lambda t: ", ".join("%.9ef" % v for v in t.flatten().tolist())
print("total norm:", "%.9e" % total.item())
print("w:", fmt(w.grad))
print("b:", fmt(b.grad))

"""Forward/backward reference values of layers, losses, two small nets and the tensor ops of seed 003
-> reference-data/layers.json.

Generated with PyTorch 1.13 (Debian python3-torch), float32, one thread.
Regenerate: /usr/bin/python3 tools/reference/layers.py

Layer cases: loss = sum(output * loss_weights); grad_input = d loss / d input and grad_params =
d loss / d parameter, keyed by PyTorch's parameter names. Every input and parameter is stored in
the JSON (built from sin patterns, see refutil.pattern), so a reader needs nothing else.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from refutil import pattern, t, num, write


def set_params(module, seed_a=1.1):
    """Overwrite every parameter with a distinct sin pattern (deterministic, not PyTorch's RNG)."""
    with torch.no_grad():
        for i, (_, p) in enumerate(module.named_parameters()):
            p.copy_(pattern(list(p.shape), a=seed_a + 0.37 * i, b=0.2 * i, scale=0.5))
    return module


def layer_case(name, module, x, config, extra=None):
    x = x.clone().requires_grad_()
    out = module(x)
    lw = pattern(list(out.shape), a=0.45, b=1.0)
    loss = (out * lw).sum()
    module.zero_grad()
    loss.backward()
    case = {
        "name": name, "layer": type(module).__name__, "config": config,
        "mode": "train" if module.training else "eval",
        "input": t(x),
        "params": {k: t(v) for k, v in module.named_parameters()},
        "output": t(out), "loss_weights": t(lw), "loss": num(loss.item()),
        "grad_input": t(x.grad),
        "grad_params": {k: t(v.grad) for k, v in module.named_parameters()},
    }
    if extra:
        case.update(extra)
    return case


class Maxout(nn.Module):
    """Linear(in, out*k), then output[n, i] = max_j z[n, i*k + j]: z.view(N, out, k).max(-1)."""

    def __init__(self, in_features, out_features, k):
        super().__init__()
        self.out_features, self.k = out_features, k
        self.linear = nn.Linear(in_features, out_features * k)

    def forward(self, x):
        z = self.linear(x)
        return z.view(x.shape[0], self.out_features, self.k).max(-1).values


def layer_cases():
    cases = []
    lin = set_params(nn.Linear(5, 3))
    cases.append(layer_case("linear", lin, pattern([4, 5]), {"in_features": 5, "out_features": 3}))

    convs = [
        ("conv2d_s1_p2", dict(in_channels=2, out_channels=3, kernel_size=3, stride=1, padding=2), [2, 2, 5, 5]),
        ("conv2d_s2_p1_d2", dict(in_channels=2, out_channels=3, kernel_size=3, stride=2, padding=1, dilation=2),
         [2, 2, 7, 7]),
        ("conv2d_odd_sizes", dict(in_channels=3, out_channels=4, kernel_size=5, stride=2, padding=1), [1, 3, 9, 11]),
        ("conv2d_rect_kernel", dict(in_channels=3, out_channels=2, kernel_size=[3, 2], stride=[2, 1],
                                    padding=[1, 0]), [2, 3, 7, 6]),
        ("conv2d_no_bias", dict(in_channels=1, out_channels=2, kernel_size=3, bias=False), [1, 1, 5, 4]),
    ]
    for name, cfg, shape in convs:
        kw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in cfg.items()}
        conv = set_params(nn.Conv2d(**kw))
        cases.append(layer_case(name, conv, pattern(shape, a=0.37, b=0.1), cfg))

    pools = [
        ("maxpool2d_2", nn.MaxPool2d(2), {"kernel_size": 2}, [2, 2, 6, 6]),
        ("maxpool2d_2_odd_input", nn.MaxPool2d(2), {"kernel_size": 2}, [1, 2, 7, 5]),
        ("maxpool2d_3_s2_p1", nn.MaxPool2d(3, stride=2, padding=1), {"kernel_size": 3, "stride": 2, "padding": 1},
         [2, 2, 7, 7]),
        ("avgpool2d_2", nn.AvgPool2d(2), {"kernel_size": 2}, [2, 2, 6, 6]),
        ("avgpool2d_2_odd_input", nn.AvgPool2d(2), {"kernel_size": 2}, [1, 2, 7, 5]),
    ]
    for name, mod, cfg, shape in pools:
        # a*k with a irrational-ish keeps every pooling window free of ties (ties route gradients by index).
        cases.append(layer_case(name, mod, pattern(shape, a=0.91, b=0.3), cfg))

    cases.append(layer_case("flatten", nn.Flatten(), pattern([2, 3, 2, 2]), {"start_dim": 1, "end_dim": -1}))
    act_in = pattern([3, 5], a=0.8, b=0.0, scale=3.0)  # element 0 is exactly 0: ReLU'(0) = 0 in PyTorch
    cases.append(layer_case("relu", nn.ReLU(), act_in, {}))
    cases.append(layer_case("sigmoid", nn.Sigmoid(), act_in, {}))
    cases.append(layer_case("tanh", nn.Tanh(), act_in, {}))
    cases.append(layer_case("softmax_dim1", nn.Softmax(dim=1), act_in, {"dim": 1}))
    cases.append(layer_case("logsoftmax_dim1", nn.LogSoftmax(dim=1), act_in, {"dim": 1}))

    mo = Maxout(5, 3, 2)
    set_params(mo)
    cases.append(layer_case("maxout", mo, pattern([4, 5], a=0.6), {
        "in_features": 5, "out_features": 3, "pieces": 2,
        "definition": "z = linear(x) with linear = Linear(in, out*pieces); out[n,i] = max_j z[n, i*pieces + j] "
                      "(z.view(N, out, pieces).max(-1)); the gradient goes to the arg-max piece"}))

    cases += batchnorm_cases(nn.BatchNorm1d(4), "batchnorm1d", [5, 4], [3, 4])
    cases += batchnorm_cases(nn.BatchNorm2d(3), "batchnorm2d", [2, 3, 3, 4], [3, 3, 2, 2])
    return cases


def batchnorm_cases(bn, name, shape1, shape2):
    """Train mode: a forward+backward on x1, then a forward on x2; eval mode afterwards on x1."""
    cfg = {"num_features": bn.num_features, "eps": bn.eps, "momentum": bn.momentum, "affine": True,
           "track_running_stats": True}
    set_params(bn)
    x1 = pattern(shape1, a=0.77, b=0.2, scale=2.0, offset=0.5)
    x2 = pattern(shape2, a=1.31, b=0.9, scale=1.5, offset=-0.3)
    initial = {k: t(v) for k, v in bn.named_buffers()}
    bn.train()
    train = layer_case(name + "_train", bn, x1, cfg)
    after1 = {k: t(v) for k, v in bn.named_buffers()}
    with torch.no_grad():
        out2 = bn(x2)
    after2 = {k: t(v) for k, v in bn.named_buffers()}
    train.update({
        "buffers_before": initial,
        "buffers_after_first_call": after1,
        "second_input": t(x2), "second_output": t(out2),
        "buffers_after_second_call": after2,
        "note": "running_var is updated with the unbiased batch variance (divide by n-1); the output uses "
                "the biased one (divide by n); n = N for 1d, N*H*W for 2d",
    })
    bn.eval()
    ev = layer_case(name + "_eval", bn, x1, cfg, {"buffers": after2})
    return [train, ev]


def loss_cases():
    logits = pattern([4, 5], a=0.9, b=0.4, scale=2.0)
    target = torch.tensor([1, 0, 4, 2])
    cases = []

    def add(name, fn, inp, tgt, cfg):
        x = inp.clone().requires_grad_()
        value = fn(x, tgt)
        value.backward()
        cases.append({"name": name, "loss": type(fn).__name__, "config": cfg, "input": t(x), "target": t(tgt),
                      "value": num(value.item()), "grad_input": t(x.grad)})

    add("cross_entropy_mean", nn.CrossEntropyLoss(), logits, target, {"reduction": "mean"})
    add("cross_entropy_sum", nn.CrossEntropyLoss(reduction="sum"), logits, target, {"reduction": "sum"})
    add("cross_entropy_label_smoothing", nn.CrossEntropyLoss(label_smoothing=0.1), logits, target,
        {"reduction": "mean", "label_smoothing": 0.1})
    logp = F.log_softmax(logits, dim=1).detach()
    add("nll_mean", nn.NLLLoss(), logp, target, {"reduction": "mean", "input_is": "log_softmax(logits, dim=1)"})
    add("nll_sum", nn.NLLLoss(reduction="sum"), logits, target, {"reduction": "sum", "input_is": "raw values"})
    pred = pattern([3, 4], a=0.5, b=0.1)
    tgt = pattern([3, 4], a=0.3, b=1.2, scale=0.8)
    add("mse_mean", nn.MSELoss(), pred, tgt, {"reduction": "mean"})
    add("mse_sum", nn.MSELoss(reduction="sum"), pred, tgt, {"reduction": "sum"})
    return cases


def net_case(name, net, x, target, description):
    set_params(net, seed_a=0.9)
    x = x.clone().requires_grad_()
    logits = net(x)
    loss = F.cross_entropy(logits, target)
    loss.backward()
    return {"name": name, "description": description, "input": t(x), "target": t(target),
            "params": {k: t(v) for k, v in net.named_parameters()},
            "logits": t(logits), "loss": num(loss.item()), "grad_input": t(x.grad),
            "grad_params": {k: t(v.grad) for k, v in net.named_parameters()}}


def net_cases():
    mlp = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    cnn = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(2 * 3 * 3, 4))
    return [
        net_case("mlp", mlp, pattern([4, 6], a=0.7, b=0.5, scale=1.5), torch.tensor([0, 2, 1, 2]),
                 "Sequential(Linear(6,5), ReLU, Linear(5,4), ReLU, Linear(4,3)); CrossEntropyLoss(mean)"),
        net_case("convnet", cnn, pattern([2, 1, 6, 6], a=0.53, b=0.2), torch.tensor([3, 1]),
                 "Sequential(Conv2d(1,2,3,padding=1), ReLU, MaxPool2d(2), Flatten, Linear(18,4)); "
                 "CrossEntropyLoss(mean)"),
    ]


def tensor_ops():
    a = torch.tensor([[2., 3.], [4., 8.], [7., 9.]])
    b = torch.tensor([[1., 2.], [2., 3.], [3., 4.]])
    c = torch.tensor([[3., 4.], [2., 3.]])
    m4 = pattern([4, 4], a=0.9, b=0.3) + 2.0 * torch.eye(4)
    return {
        "source": "seed 003: a = Tensor([[2,3],[4,8],[7,9]]), b = Tensor([[1,2],[2,3],[3,4]]), c = Tensor([[3,4],[2,3]])",
        "a": t(a), "b": t(b), "c": t(c), "m4": t(m4),
        "a_size": list(a.size()),
        "mm_a_c": t(torch.mm(a, c)),
        "cat_a_b_dim1": t(torch.cat((a, b), 1)),
        "cat_a_b_dim0": t(torch.cat((a, b), 0)),
        "mul_a_b": t(torch.mul(a, b)),
        "inverse_c": t(torch.inverse(c)),
        "inverse_m4": t(torch.inverse(m4)),
        "inverse_m4_float64": {"shape": [4, 4],
                               "data": torch.inverse(m4.to(torch.float64)).reshape(-1).tolist()},
    }


def main():
    write("layers.json", "tools/reference/layers.py (regenerate: /usr/bin/python3 tools/reference/layers.py)", {
        "layer_protocol": "loss = sum(output * loss_weights); grad_input = dloss/dinput; grad_params[name] = "
                          "dloss/dparam; params hold the values used (they replace PyTorch's init)",
        "layers": layer_cases(),
        "losses": loss_cases(),
        "nets": net_cases(),
        "tensor_ops": tensor_ops(),
    })


if __name__ == "__main__":
    main()

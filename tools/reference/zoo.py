"""PyTorch twins of jnn's model zoo, with the attribute names of the seed tutorials.

The state_dict keys of these classes are the tensor names jnn must read and write.
Importable: `from zoo import MODELS; model = MODELS["cnn"]()`. PyTorch 1.13.

`MODELS[name](dropout=p)` with p > 0 is the twin of `jnn train --dropout p`: one `dropout` =
nn.Dropout(p) module, registered after the layers, applied after each hidden layer (after its
activation, and after its pooling where it has one). Dropout has no tensors, so the state_dict
keys are the same with and without it.
"""
import torch.nn as nn


class _Zoo(nn.Module):
    """Holds the optional dropout; call `self._dropout_after_layers(p)` after creating the layers."""

    def _dropout_after_layers(self, p):
        if p > 0:
            self.dropout = nn.Dropout(p)

    def drop(self, x):
        return self.dropout(x) if hasattr(self, "dropout") else x


class Mlp(_Zoo):
    """Seed 000: l1..l5 Linear 784-512-256-128-64-10, ReLU between."""

    def __init__(self, dropout=0.0):
        super().__init__()
        self.l1 = nn.Linear(784, 512)
        self.l2 = nn.Linear(512, 256)
        self.l3 = nn.Linear(256, 128)
        self.l4 = nn.Linear(128, 64)
        self.l5 = nn.Linear(64, 10)
        self._dropout_after_layers(dropout)

    def forward(self, x):
        x = x.view(-1, 784)
        for layer in (self.l1, self.l2, self.l3, self.l4):
            x = self.drop(layer(x).relu())
        return self.l5(x)


class BnMlp(_Zoo):
    """Seed 004: three Sequential blocks, BatchNorm1d after the first two Linear layers."""

    def __init__(self, in_dim=784, n_hidden_1=300, n_hidden_2=100, out_dim=10, dropout=0.0):
        super().__init__()
        self.flatten = nn.Flatten()
        self.layer1 = nn.Sequential(nn.Linear(in_dim, n_hidden_1), nn.BatchNorm1d(n_hidden_1))
        self.layer2 = nn.Sequential(nn.Linear(n_hidden_1, n_hidden_2), nn.BatchNorm1d(n_hidden_2))
        self.layer3 = nn.Sequential(nn.Linear(n_hidden_2, out_dim))
        self._dropout_after_layers(dropout)

    def forward(self, x):
        x = self.flatten(x)
        x = self.drop(self.layer1(x).relu())
        x = self.drop(self.layer2(x).relu())
        return self.layer3(x)


class Cnn(_Zoo):
    """Seed 002: two conv blocks (Conv2d 5x5 pad 2, ReLU, MaxPool2d 2) then Linear(32*7*7, 10)."""

    def __init__(self, dropout=0.0):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 16, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2))
        self.conv2 = nn.Sequential(nn.Conv2d(16, 32, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2))
        self.out = nn.Linear(32 * 7 * 7, 10)
        self._dropout_after_layers(dropout)

    def forward(self, x):
        x = self.drop(self.conv2(self.drop(self.conv1(x))))
        return self.out(x.view(x.size(0), -1))


class LeNet(_Zoo):
    """LeNet-5 for 1x28x28 input: conv1 pads by 2 so conv2's output is 16x5x5."""

    def __init__(self, dropout=0.0):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool1 = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.MaxPool2d(2, 2)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
        self._dropout_after_layers(dropout)

    def forward(self, x):
        x = self.drop(self.pool1(self.conv1(x).relu()))
        x = self.drop(self.pool2(self.conv2(x).relu()))
        x = x.view(-1, 16 * 5 * 5)
        x = self.drop(self.fc1(x).relu())
        x = self.drop(self.fc2(x).relu())
        return self.fc3(x)


class LinearNet(_Zoo):
    """Seed 003 ("LeNet" in the seed, but purely linear): Flatten, layer1..3 784-300-100-10, no activation."""

    def __init__(self, in_dim=784, n_hidden_1=300, n_hidden_2=100, out_dim=10, dropout=0.0):
        super().__init__()
        self.flatten = nn.Flatten()
        self.layer1 = nn.Linear(in_dim, n_hidden_1)
        self.layer2 = nn.Linear(n_hidden_1, n_hidden_2)
        self.layer3 = nn.Linear(n_hidden_2, out_dim)
        self._dropout_after_layers(dropout)

    def forward(self, x):
        # No activations: with dropout, it follows each hidden layer's output.
        return self.layer3(self.drop(self.layer2(self.drop(self.layer1(self.flatten(x))))))


class Speedrun(_Zoo):
    """jnn's speedrun CNN: conv1..conv3 = (Conv2d 3x3 pad 1 no bias, BatchNorm2d, ReLU, MaxPool2d 2) with
    16, 32, 64 channels, then out = Linear(64*3*3, 10). Recipe: Adam, OneCycleLR(max_lr 0.01), batch 128,
    one epoch, Normalize((0.1307,), (0.3081,))."""

    def __init__(self, dropout=0.0):
        super().__init__()

        def block(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2))

        self.conv1 = block(1, 16)
        self.conv2 = block(16, 32)
        self.conv3 = block(32, 64)
        self.out = nn.Linear(64 * 3 * 3, 10)
        self._dropout_after_layers(dropout)

    def forward(self, x):
        x = self.drop(self.conv3(self.drop(self.conv2(self.drop(self.conv1(x))))))
        return self.out(x.view(x.size(0), -1))


MODELS = {
    "mlp": Mlp,
    "bn-mlp": BnMlp,
    "cnn": Cnn,
    "lenet": LeNet,
    "linear": LinearNet,
    "speedrun": Speedrun,
}

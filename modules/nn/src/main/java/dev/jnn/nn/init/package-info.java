/** Weight initialisation with PyTorch's formulas, like {@code torch.nn.init}. */
package dev.jnn.nn.init;

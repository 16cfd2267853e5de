/**
 * Neural-network building blocks like {@code torch.nn}: {@link dev.jnn.nn.Layer} (PyTorch's {@code nn.Module}; {@code Module} is taken by {@code java.lang}) and
 * {@link dev.jnn.nn.Sequential}, layers (Linear, Conv2d, pooling, activations, BatchNorm, Dropout,
 * Maxout), losses, {@link dev.jnn.nn.Summary} and safetensors state dicts ({@link dev.jnn.nn.StateDicts})
 * with PyTorch's names.
 */
package dev.jnn.nn;

/** The models of the seed tutorials (mlp, bn-mlp, cnn, lenet, linear) with the seeds' module names, and jnn's speedrun CNN. */
package dev.jnn.nn.zoo;

/** The models of the seed tutorials (mlp, bn-mlp, cnn, lenet, linear) with the seeds' module names. */
package dev.jnn.nn.zoo;

/** Implementation details of jnn's optimizers (hyper-parameter checks, state helpers); not exported. */
package dev.jnn.optim.internal;
